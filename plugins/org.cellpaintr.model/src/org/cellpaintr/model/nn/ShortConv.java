package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;

/**
 * The Hyena operator's causal depthwise short convolution (docs/method.md §1.3): kernel 3, padding 2 on both
 * sides, then the first L outputs are kept, so output i sees inputs i-2..i only.
 *
 * <p>libtorch's depthwise {@code conv1d} is kept on purpose: three shifted, scaled copies in the projection's own
 * (B, L, C) layout plus one copy to (B, C, L) were measured side by side and took 1.9 s of CPU per layer at the
 * paper's size (forward and backward) against 1.1 s for this (docs/benchmarks.md): on a CPU each extra full-size
 * pass costs more than the convolution's slow backward saves.
 *
 * <p>Initialised like PyTorch's Conv1d default (the authors do not re-initialise it): weight and bias uniform in
 * ±1/sqrt(fan_in), fan_in = 1 channel × kernel.
 */
public final class ShortConv extends NetBlock {

    /** Kernel size; the authors' {@code local_order} setting is ignored by their code, which hard-codes 3. */
    public static final int KERNEL = 3;

    private final int channels;
    private final Parameter weight;
    private final Parameter bias;

    public ShortConv(int channels) {
        this.channels = channels;
        InitRule rule = InitRule.uniform(1 / Math.sqrt(KERNEL));
        this.weight = param("weight", new Shape(channels, 1, KERNEL), rule);
        this.bias = param("bias", new Shape(channels), rule);
    }

    /** {@code x}: (B, channels, L) → (B, channels, L). */
    public NDArray forward(NDArray x) {
        long len = x.getShape().get(2);
        try (NDArray full = Conv1d.conv1d(x, weight.getArray(), bias.getArray(), new Shape(1),
                new Shape(KERNEL - 1), new Shape(1), channels).singletonOrThrow()) {
            return full.get(new NDIndex("..., :{}", len)); // a view: closing the full handle keeps its storage
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}

package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * The Hyena operator's causal depthwise short convolution (docs/method.md §1.3): kernel 3, so output position i sees
 * inputs i-2..i only, {@code y[b,i,c] = bias[c] + Σ_k weight[c,0,k] · x[b,i-2+k,c]} with zeros before the start
 * (the authors' Conv1d with padding 2 on both sides, first L outputs kept).
 *
 * <p>Computed as three shifted, scaled copies of the input in its (B, L, C) layout, straight from the input
 * projection: libtorch's depthwise {@code conv1d} on CPU needs the (B, C, L) layout and its backward pass is slow
 * (per layer at the paper's size it took about 1.4 s of CPU against 0.9 s for this form; docs/benchmarks.md). The
 * weight keeps PyTorch's Conv1d shape (C, 1, 3), so archives are unchanged.
 *
 * <p>Initialised like PyTorch's Conv1d default (the authors do not re-initialise it): weight and bias uniform in
 * ±1/sqrt(fan_in), fan_in = 1 channel × kernel.
 */
public final class ShortConv extends NetBlock {

    /** Kernel size; the authors' {@code local_order} setting is ignored by their code, which hard-codes 3. */
    public static final int KERNEL = 3;

    private final Parameter weight;
    private final Parameter bias;

    public ShortConv(int channels) {
        InitRule rule = InitRule.uniform(1 / Math.sqrt(KERNEL));
        this.weight = param("weight", new Shape(channels, 1, KERNEL), rule);
        this.bias = param("bias", new Shape(channels), rule);
    }

    /** {@code x}: (B, L, channels) → (B, L, channels). */
    public NDArray forward(NDArray x) {
        long len = x.getShape().get(1);
        NDArray w = weight.getArray();
        // zeros in front of the sequence axis (pairs run from the last axis: none on channels, KERNEL-1 before L)
        try (NDArray padded = x.pad(new Shape(0, 0, KERNEL - 1, 0), 0)) {
            NDArray y = null;
            for (int k = 0; k < KERNEL; k++) {
                try (NDArray tap = w.get(new NDIndex(":, 0, {}", k));
                        NDArray shifted = padded.get(new NDIndex(":, {}:{}", k, k + len))) {
                    NDArray term = shifted.mul(tap);
                    // in place on the running sum: no saved tensor of an earlier term is overwritten
                    y = y == null ? term : Tensors.consume(term, y.addi(term));
                }
            }
            return y.addi(bias.getArray());
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}

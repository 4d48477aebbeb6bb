package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/** A linear map over the last axis: {@code y = x Wᵀ + b}, W of shape (out, in) as in PyTorch. */
public final class Dense extends NetBlock {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param weightRule initialiser of W (bias, when present, starts at zero as in the authors' code)
     */
    public Dense(int in, int out, boolean withBias, InitRule weightRule) {
        this.in = in;
        this.out = out;
        this.weight = param("weight", new Shape(out, in), weightRule);
        this.bias = withBias ? param("bias", new Shape(out), InitRule.ZEROS) : null;
    }

    /** Applies the map to the last axis of {@code x}. */
    public NDArray forward(NDArray x) {
        NDArray w = weight.getArray();
        return bias == null ? Linear.linear(x, w).singletonOrThrow()
                : Linear.linear(x, w, bias.getArray()).singletonOrThrow();
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
    }
}

package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;

/** LayerNorm over the last axis with a learned gain and shift (DJL's builder needs positive axes; this does not). */
public final class Norm extends NetBlock {

    private final Shape normalized;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;

    public Norm(int width, double eps) {
        this.normalized = new Shape(width);
        this.eps = (float) eps;
        this.gamma = param("weight", normalized, InitRule.ONES);
        this.beta = param("bias", normalized, InitRule.ZEROS);
    }

    public NDArray forward(NDArray x) {
        return LayerNorm.layerNorm(x, normalized, gamma.getArray(), beta.getArray(), eps).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}

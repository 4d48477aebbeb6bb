package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * SupCon projection head (SimCLR, Chen et al. 2020; Khosla et al. 2020): Linear(D → D) → exact GELU →
 * Linear(D → width) on the [CLS] embedding. SupCon compares the projections; the embedding the model writes out stays
 * [CLS], so the contrastive stages can shape the projection without reshaping what masked modelling built.
 */
public final class ProjectionHead extends NetBlock {

    private final Dense dense;
    private final Dense out;

    public ProjectionHead(int dModel, int width) {
        this.dense = child("dense", new Dense(dModel, dModel, true, InitRule.NORMAL_002));
        this.out = child("out", new Dense(dModel, width, true, InitRule.NORMAL_002));
    }

    /** {@code cls}: (B, D) → (B, width). */
    public NDArray forward(NDArray cls) {
        NDArray y = dense.forward(cls);
        y = Tensors.consume(y, Gelu.exact(y));
        return Tensors.consume(y, out.forward(y));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), out.out())};
    }
}

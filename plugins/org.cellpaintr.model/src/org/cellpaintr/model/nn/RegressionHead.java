package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Masked-feature regression head (docs/method.md §1.5): Linear(D → D) → exact GELU → LayerNorm → Linear(D → 1),
 * applied to every feature position; one predicted value per feature.
 */
public final class RegressionHead extends NetBlock {

    private final Dense dense;
    private final Norm norm;
    private final Dense decoder;

    public RegressionHead(int dModel, double eps) {
        this.dense = child("dense", new Dense(dModel, dModel, true, InitRule.NORMAL_002));
        this.norm = child("norm", new Norm(dModel, eps));
        this.decoder = child("decoder", new Dense(dModel, 1, true, InitRule.NORMAL_002));
    }

    /** {@code h}: (B, F, D) feature positions → (B, F) predicted values. */
    public NDArray forward(NDArray h) {
        NDArray y = dense.forward(h);
        y = Tensors.consume(y, Gelu.exact(y));
        y = Tensors.consume(y, norm.forward(y));
        y = Tensors.consume(y, decoder.forward(y));
        return Tensors.consume(y, y.squeeze(-1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1)};
    }
}

package org.cellpaintr.model.nn;

import org.cellpaintr.model.config.CellPainTRConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** The block MLP: Linear(D → M) → tanh-GELU → Linear(M → D), the second one with the rescaled initialiser. */
public final class Mlp extends NetBlock {

    private final Dense fc1;
    private final Dense fc2;

    public Mlp(CellPainTRConfig c) {
        this.fc1 = child("fc1", new Dense(c.dModel(), c.mlpWidth(), true, InitRule.NORMAL_002));
        this.fc2 = child("fc2", new Dense(c.mlpWidth(), c.dModel(), true, HyenaOperator.rescaled(c)));
    }

    public NDArray forward(NDArray x) {
        NDArray h = fc1.forward(x);
        h = Tensors.consume(h, Gelu.tanhApprox(h));
        return Tensors.consume(h, fc2.forward(h));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}

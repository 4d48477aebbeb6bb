package org.cellpaintr.model.nn;

import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.MlpActivation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The block MLP: Linear(D → M) → GELU (exact or tanh form, {@link MlpActivation}) → Linear(M → D), the second one
 * with the rescaled initialiser.
 */
public final class Mlp extends NetBlock {

    private final Dense fc1;
    private final Dense fc2;
    private final MlpActivation activation;

    public Mlp(CellPainTRConfig c) {
        this.fc1 = child("fc1", new Dense(c.dModel(), c.mlpWidth(), true, InitRule.NORMAL_002));
        this.fc2 = child("fc2", new Dense(c.mlpWidth(), c.dModel(), true, HyenaOperator.rescaled(c)));
        this.activation = c.mlpActivation();
    }

    public NDArray forward(NDArray x) {
        NDArray h = fc1.forward(x);
        h = Tensors.consume(h, activation == MlpActivation.GELU ? Gelu.exact(h) : Gelu.tanhApprox(h));
        return Tensors.consume(h, fc2.forward(h));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}

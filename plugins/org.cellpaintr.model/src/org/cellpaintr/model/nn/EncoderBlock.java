package org.cellpaintr.model.nn;

import org.cellpaintr.model.config.CellPainTRConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

/**
 * One pre-LayerNorm block: {@code x + drop(Hyena(LN1(x)))}, then {@code + drop(MLP(LN2(x)))}. This is the
 * authors' residual-stream formulation (method.md §A.5) with the additions regrouped; the residual is kept in the
 * model's precision (float32), as their {@code residual_in_fp32} asks.
 */
public final class EncoderBlock extends NetBlock {

    private final float residDropout;
    private final Norm norm1;
    private final HyenaOperator mixer;
    private final Norm norm2;
    private final Mlp mlp;

    public EncoderBlock(CellPainTRConfig c, int seqLen) {
        this.residDropout = (float) c.residDropout();
        this.norm1 = child("norm1", new Norm(c.dModel(), c.layerNormEps()));
        this.mixer = child("mixer", new HyenaOperator(c, seqLen));
        this.norm2 = child("norm2", new Norm(c.dModel(), c.layerNormEps()));
        this.mlp = child("mlp", new Mlp(c));
    }

    /** {@code x}: (B, L, D) → (B, L, D). */
    public NDArray forward(NDArray x, boolean training) {
        NDArray h = drop(mixer.forward(norm1.forward(x)), training);
        x = x.add(h);
        h = drop(mlp.forward(norm2.forward(x)), training);
        return x.add(h);
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && residDropout > 0 ? Dropout.dropout(x, residDropout, true).singletonOrThrow() : x;
    }

    public HyenaOperator mixer() {
        return mixer;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}

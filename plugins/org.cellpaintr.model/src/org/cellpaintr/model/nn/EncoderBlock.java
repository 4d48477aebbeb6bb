package org.cellpaintr.model.nn;

import org.cellpaintr.model.config.CellPainTRConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

/**
 * One pre-LayerNorm block: {@code x + drop(Hyena(LN1(x)))}, then {@code + drop(MLP(LN2(x)))}. This is the
 * authors' residual-stream formulation (docs/method.md §1.2) with the additions regrouped; the residual is kept in the
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
        NDArray h = norm1.forward(x);
        h = drop(Tensors.consume(h, mixer.forward(h)), training);
        NDArray mid = Tensors.consume(h, x.add(h));
        h = norm2.forward(mid);
        h = drop(Tensors.consume(h, mlp.forward(h)), training);
        NDArray out = Tensors.consume(h, mid.add(h));
        mid.close();
        return out;
    }

    /** Dropout of a branch output (closes the input when it makes a new tensor). */
    private NDArray drop(NDArray x, boolean training) {
        return training && residDropout > 0
                ? Tensors.consume(x, Dropout.dropout(x, residDropout, true).singletonOrThrow()) : x;
    }

    public HyenaOperator mixer() {
        return mixer;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}

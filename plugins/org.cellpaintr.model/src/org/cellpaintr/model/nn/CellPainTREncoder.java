package org.cellpaintr.model.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.cellpaintr.model.config.CellPainTRConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

/**
 * The encoder: input embedding → dropout (training only) → {@code layers} × {@link EncoderBlock} → final LayerNorm.
 * The profile's embedding is the output at position 0 ([CLS]).
 */
public final class CellPainTREncoder extends NetBlock {

    private final CellPainTRConfig config;
    private final int features;
    private final InputEmbedding embedding;
    private final List<EncoderBlock> layers;
    private final Norm finalNorm;
    private BlockRecompute recompute;

    /**
     * @param identityRows rows of the feature-identity table (specials + features + spares)
     * @param sourceRows rows of the source table
     */
    public CellPainTREncoder(CellPainTRConfig c, int features, int identityRows, int sourceRows) {
        this.config = c;
        this.features = features;
        int seqLen = features + 2;
        this.embedding = child("embedding", new InputEmbedding(features, identityRows, sourceRows, c.dModel(),
                c.sourcePlacement()));
        List<EncoderBlock> list = new ArrayList<>();
        for (int i = 0; i < c.layers(); i++) {
            list.add(child("layers." + i, new EncoderBlock(c, seqLen)));
        }
        this.layers = Collections.unmodifiableList(list);
        this.finalNorm = child("norm_f", new Norm(c.dModel(), c.layerNormEps()));
    }

    /**
     * @param x values (B, F); mask boolean (B, F) or null; sourceRows int64 (B)
     * @return the output sequence (B, F+2, D)
     */
    public NDArray forward(NDArray x, NDArray mask, NDArray sourceRows, boolean training) {
        NDArray h = embedding.forward(x, mask, sourceRows);
        if (training && config.embedDropout() > 0) {
            h = Tensors.consume(h, Dropout.dropout(h, (float) config.embedDropout(), true).singletonOrThrow());
        }
        if (training && recompute != null) {
            // the recorder keeps the block inputs and the last output (a leaf the caller back-propagates into)
            boolean trainable = embedding.getParameters().values().stream().anyMatch(p -> p.requiresGradient());
            return finalNorm.forward(recompute.forward(h, trainable, layers, true, config.residDropout() > 0));
        }
        for (EncoderBlock layer : layers) {
            h = Tensors.consume(h, layer.forward(h, training));
        }
        return Tensors.consume(h, finalNorm.forward(h));
    }

    /**
     * Makes the next training forward passes record into {@code r} ({@link BlockRecompute}) instead of keeping every
     * block's autograd graph; null switches back. Set by a training step around its forward pass.
     */
    public void recordInto(BlockRecompute r) {
        this.recompute = r;
    }

    public InputEmbedding embedding() {
        return embedding;
    }

    public List<EncoderBlock> layers() {
        return layers;
    }

    public int features() {
        return features;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), features + 2L, config.dModel())};
    }
}

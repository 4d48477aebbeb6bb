package org.cellpaintr.model.nn;

import org.cellpaintr.model.config.CellPainTRConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The whole trainable network: {@link CellPainTREncoder} plus {@link RegressionHead}. This is the block a DJL
 * {@link ai.djl.Model} holds. Through DJL's generic interface it takes {@code (values (B,F), sourceRows int64 (B))}
 * and returns the [CLS] embeddings (B, D); the typed methods below are what the model and the trainer use.
 */
public final class CellPainTRNetwork extends NetBlock {

    private final CellPainTREncoder encoder;
    private final RegressionHead head;
    private final ProjectionHead projection;
    private final int features;
    private final int dModel;
    private final int firstFeature;

    public CellPainTRNetwork(CellPainTRConfig c, int features, int identityRows, int sourceRows) {
        this.features = features;
        this.dModel = c.dModel();
        this.firstFeature = c.sourcePlacement().firstFeaturePosition();
        this.encoder = child("encoder", new CellPainTREncoder(c, features, identityRows, sourceRows));
        this.head = child("head", new RegressionHead(c.dModel(), c.layerNormEps()));
        this.projection = c.projectionWidth() > 0
                ? child("projection", new ProjectionHead(c.dModel(), c.projectionWidth())) : null;
    }

    /** What SupCon compares: the projection of the [CLS] vectors (B, D) when the model has a head, else them. */
    public NDArray contrastiveView(NDArray cls) {
        return projection == null ? cls : projection.forward(cls);
    }

    /** Encoder output sequence (B, F+2, D). */
    public NDArray encode(NDArray x, NDArray mask, NDArray sourceRows, boolean training) {
        return encoder.forward(x, mask, sourceRows, training);
    }

    /** The [CLS] vectors (B, D) of an encoded sequence. */
    public static NDArray clsOf(NDArray sequence) {
        return sequence.get(new NDIndex(":, 0, :"));
    }

    /** Head predictions (B, F) for the feature positions of an encoded sequence (1..F, or 2..F+1 after [SRC]). */
    public NDArray predictValues(NDArray sequence) {
        try (NDArray featurePositions = sequence.get(new NDIndex(":, {}:{}, :", firstFeature,
                firstFeature + features))) {
            return head.forward(featurePositions);
        }
    }

    public CellPainTREncoder encoder() {
        return encoder;
    }

    public RegressionHead head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray seq = encode(inputs.get(0), null, inputs.get(1), training);
        return new NDList(clsOf(seq));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dModel)};
    }
}

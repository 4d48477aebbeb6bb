package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import org.cellpaintr.model.config.SourcePlacement;

/**
 * Turns a batch of profiles into the token sequence (docs/method.md §1.1):
 * <pre>
 * position 0       [CLS]:  cls + identity[CLS_ROW]
 * position 1+i     value:  adaptor(x_i) + identity[5+i]      (adaptor = Linear 1 → D; a masked position uses
 *                                                             mask_token instead of adaptor(x_i))
 * position F+1     [SRC]:  source[row of the sample's source] (no identity term)
 * </pre>
 * That is {@link SourcePlacement#END}, the authors' order. {@link SourcePlacement#AFTER_CLS} moves [SRC] to position
 * 1 (the values to 2..F+1); {@link SourcePlacement#EVERY_TOKEN} keeps the order and adds the source vector to every
 * feature token as well.
 */
public final class InputEmbedding extends NetBlock {

    static final String SOURCE_TABLE = "source";

    private final int features;
    private final int dModel;
    private final SourcePlacement placement;
    private final Parameter identity;
    private final Dense adaptor;
    private final Parameter cls;
    private final Parameter maskToken;
    private Parameter sources;

    public InputEmbedding(int features, int identityRows, int sourceRows, int dModel) {
        this(features, identityRows, sourceRows, dModel, SourcePlacement.END);
    }

    public InputEmbedding(int features, int identityRows, int sourceRows, int dModel, SourcePlacement placement) {
        this.features = features;
        this.placement = placement;
        this.dModel = dModel;
        this.identity = param("feature_identity", new Shape(identityRows, dModel), InitRule.NORMAL_002);
        this.adaptor = child("value_adaptor", new Dense(1, dModel, true, InitRule.NORMAL_002));
        this.cls = param("cls_token", new Shape(dModel), InitRule.ZEROS);
        this.maskToken = param("mask_token", new Shape(dModel), InitRule.ZEROS);
        this.sources = param(SOURCE_TABLE, new Shape(sourceRows, dModel), InitRule.NORMAL_002);
    }

    /**
     * @param x profile values (B, F)
     * @param mask boolean (B, F), true where the value is hidden; null for no masking
     * @param sourceRows int64 (B): codebook row of each sample's source
     * @return the sequence (B, F+2, D)
     */
    public NDArray forward(NDArray x, NDArray mask, NDArray sourceRows) {
        long batch = x.getShape().get(0);
        NDArray column = x.expandDims(2);
        NDArray values = Tensors.consume(column, adaptor.forward(column));
        if (mask != null) {
            // DJL's where does not broadcast: expand (views, no copies) to the full shape first
            Shape full = values.getShape();
            try (NDArray m3 = mask.expandDims(2); NDArray m = m3.broadcast(full);
                    NDArray tok = maskToken.getArray().broadcast(full)) {
                values = Tensors.consume(values, NDArrays.where(m, tok, values));
            }
        }
        NDArray table = identity.getArray();
        int first = IdentityRows.RESERVED;
        try (NDArray ids = table.get(new NDIndex("{}:{}", first, first + features))) {
            values = Tensors.consume(values, values.add(ids));
        }
        NDList parts = new NDList(3);
        try (NDArray clsRow = table.get(IdentityRows.CLS); NDArray clsVec = cls.getArray().add(clsRow);
                NDArray clsCol = clsVec.reshape(1, 1, dModel)) {
            parts.add(clsCol.broadcast(new Shape(batch, 1, dModel)));
        }
        NDArray picked = sources.getArray().get(new NDIndex("{}", sourceRows));
        NDArray src = Tensors.consume(picked, picked.expandDims(1));
        if (placement == SourcePlacement.EVERY_TOKEN) {
            // the feature tokens carry the context; [CLS] gets it only through the blocks, not as a raw offset
            values = Tensors.consume(values, values.add(src));
        }
        if (placement == SourcePlacement.AFTER_CLS) {
            parts.add(src);
            parts.add(values);
        } else {
            parts.add(values);
            parts.add(src);
        }
        NDArray seq = NDArrays.concat(parts, 1);
        parts.close();
        return seq;
    }

    /** Rows of the source table. */
    public long sourceRows() {
        return sources.getShape().get(0);
    }

    /** The source table parameter (rows in codebook order). */
    public Parameter sourceTable() {
        return sources;
    }

    /** Replaces the source table by a larger one whose first rows are the current table. */
    public void growSourceTable(NDArray grown) {
        if (grown.getShape().get(1) != dModel || grown.getShape().get(0) < sourceRows()) {
            throw new IllegalArgumentException("A grown source table must keep width " + dModel + " and all rows");
        }
        Parameter old = sources;
        sources = replaceParam(SOURCE_TABLE, grown);
        old.close();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), features + 2L, dModel)};
    }
}

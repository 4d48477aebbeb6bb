package org.cellpaintr.model.trainer;

import java.util.List;

/**
 * The training data as the trainer sees it, independent of any table implementation: rows of profile values in
 * vocabulary order, each with a source (selects the [SRC] codebook row), a group (the plate for stages 1-2; a chunk
 * or plate for stage 3) and a SupCon class label. Adapters over the engine's profile tables implement this.
 */
public interface TrainingRows {

    /** Number of rows. */
    int size();

    /** Feature names in the order {@link #features(int, float[])} writes them; must equal the model vocabulary. */
    List<String> featureNames();

    /** Writes row {@code row}'s values into {@code dst} (length = number of features). */
    void features(int row, float[] dst);

    /** The source (dataset / JUMP source) of a row. */
    String source(int row);

    /** The batching group of a row: its plate, or a chunk id. */
    String group(int row);

    /** The SupCon class of a row (e.g. compound id); negative means "no class" (never a positive). */
    int label(int row);
}

package org.cellpaintr.model;

/**
 * One training batch as the trainer hands it to {@link TrainingStep#forwardBackward}.
 *
 * @param values row-major (rows × features) profile values in vocabulary order
 * @param rows number of profiles
 * @param sourceRows codebook row of each profile's source
 * @param labels SupCon class of each profile (negative: no class), or null for masked modelling only
 * @param dropoutSeed seed of libtorch's generator for this step's dropout masks (a trainer derives it from its
 *     seed and the step number, so that a resumed run draws the same masks)
 */
public record TrainingBatch(float[] values, int rows, int[] sourceRows, int[] labels, long dropoutSeed) {

    public TrainingBatch {
        if (rows <= 0) {
            throw new IllegalArgumentException("A batch needs at least one row");
        }
        if (values.length % rows != 0) {
            throw new IllegalArgumentException(values.length + " values do not split into " + rows + " rows");
        }
        if (sourceRows.length != rows) {
            throw new IllegalArgumentException(sourceRows.length + " source rows for " + rows + " profiles");
        }
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException(labels.length + " labels for " + rows + " profiles");
        }
    }

    /** Number of features per row. */
    public int features() {
        return values.length / rows;
    }
}

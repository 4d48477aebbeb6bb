package org.cellpaintr.model.masking;

/**
 * The masked positions of one batch.
 *
 * @param masked row-major (batch × features): true where the value is hidden and must be reconstructed
 * @param batch number of rows
 * @param features number of features per row
 * @param maskedCount number of true entries
 * @param ratio the mask ratio drawn for this batch
 */
public record MaskSample(boolean[] masked, int batch, int features, int maskedCount, double ratio) {

    public MaskSample {
        if (masked.length != (long) batch * features) {
            throw new IllegalArgumentException("mask has " + masked.length + " entries for " + batch + " × "
                    + features);
        }
    }

    /** The mask as 0/1 floats (row-major), the weights of the masked MSE. */
    public float[] weights() {
        float[] w = new float[masked.length];
        for (int i = 0; i < masked.length; i++) {
            w[i] = masked[i] ? 1f : 0f;
        }
        return w;
    }
}

package org.cellpaintr.model.loss;

/**
 * How a training step combines its losses: {@code total = mse · MSE' + supCon · SupCon(τ) + alignment · A}, where
 * MSE' is the masked MSE, divided by the variance of the batch's masked targets when {@code mseRelative} (a constant of the batch, so it
 * only rescales the gradient: predicting the mean of the targets scores 1 under any normalisation).
 *
 * @param mse weight of the masked MSE
 * @param mseRelative divide the masked MSE by its targets' variance
 * @param supCon weight of SupCon (stages 2-3)
 * @param temperature SupCon temperature
 * @param alignment weight of the cross-source alignment of the controls ({@link SourceAlignment}; 0: off)
 */
public record LossWeights(double mse, boolean mseRelative, double supCon, double temperature, double alignment) {

    public LossWeights {
        if (!(mse >= 0) || !(supCon >= 0) || !(temperature > 0) || !(alignment >= 0) || Double.isInfinite(mse)
                || Double.isInfinite(supCon) || Double.isInfinite(temperature) || Double.isInfinite(alignment)) {
            throw new IllegalArgumentException("loss weights must be finite and >= 0 and the temperature > 0, got "
                    + mse + ", " + supCon + ", " + temperature + ", " + alignment);
        }
    }

    /** Without the alignment term. */
    public LossWeights(double mse, boolean mseRelative, double supCon, double temperature) {
        this(mse, mseRelative, supCon, temperature, 0);
    }

    /**
     * Variance of the values at the masked positions (population variance; 1 when fewer than two positions or a
     * zero variance, so that the division is always defined).
     */
    public static double maskedTargetVariance(float[] values, boolean[] masked) {
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (int i = 0; i < values.length; i++) {
            if (masked[i]) {
                sum += values[i];
                sq += (double) values[i] * values[i];
                n++;
            }
        }
        if (n < 2) {
            return 1;
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        return var > 1e-12 ? var : 1;
    }
}

package org.cellpaintr.model.masking;

import java.util.SplittableRandom;

import org.cellpaintr.model.config.MaskingMode;

/**
 * Draws the masks for masked feature modelling (docs/method.md §2.1): one ratio p per batch from
 * U[min, max), then
 * <ul>
 * <li>channel-wise: every (row, group) is hidden with probability p, hiding all the group's features of that row;</li>
 * <li>per feature: every (row, feature) is hidden with probability p.</li>
 * </ul>
 * A value of exactly 0 (zero padding for a feature the dataset lacks) is never hidden, so it is never a target.
 * Random numbers come from the caller's {@link SplittableRandom} so that a seeded run is bit-reproducible.
 */
public final class FeatureMasker {

    private final FeatureGroups groups;
    private final MaskingMode mode;
    private final double min;
    private final double max;

    public FeatureMasker(FeatureGroups groups, MaskingMode mode, double minRatio, double maxRatio) {
        if (!(minRatio >= 0 && minRatio < maxRatio && maxRatio <= 1)) {
            throw new IllegalArgumentException("mask ratio range must satisfy 0 <= min < max <= 1");
        }
        this.groups = groups;
        this.mode = mode;
        this.min = minRatio;
        this.max = maxRatio;
    }

    /**
     * @param values row-major (batch × features) input values; only their zeros matter here
     * @param batch number of rows
     */
    public MaskSample sample(float[] values, int batch, SplittableRandom rng) {
        int f = groups.features();
        if (values.length != (long) batch * f) {
            throw new IllegalArgumentException("expected " + batch + " × " + f + " values, got " + values.length);
        }
        double p = min + (max - min) * rng.nextDouble();
        boolean[] masked = new boolean[values.length];
        int count = 0;
        for (int r = 0; r < batch; r++) {
            int row = r * f;
            if (mode == MaskingMode.PER_FEATURE) {
                for (int i = 0; i < f; i++) {
                    if (rng.nextDouble() < p && values[row + i] != 0f) {
                        masked[row + i] = true;
                        count++;
                    }
                }
            } else {
                for (int g = 0; g < groups.size(); g++) {
                    if (rng.nextDouble() >= p) {
                        continue;
                    }
                    for (int i : groups.members(g)) {
                        if (values[row + i] != 0f) {
                            masked[row + i] = true;
                            count++;
                        }
                    }
                }
            }
        }
        return new MaskSample(masked, batch, f, count, p);
    }

    public FeatureGroups groups() {
        return groups;
    }

    public MaskingMode mode() {
        return mode;
    }
}

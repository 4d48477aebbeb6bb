package org.cellpaintr.engine.normalize;

import java.util.SplittableRandom;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.util.Stats;

/**
 * Rank-based inverse normal transform per feature over all wells, Blom's offset:
 * x = Phi^-1((rank - 3/8) / (n + 1/4)).
 *
 * <p>Ties get distinct ordinal ranks in a seeded random order (as Arevalo's pipeline: shuffle with a seed, then
 * rank by first occurrence), one permutation shared by all features, so the result is deterministic for a seed.
 */
public final class InverseNormalTransform {

    private InverseNormalTransform() {
    }

    static void apply(FeatureMatrix m, FeatureReport report, long seed, Progress progress) throws CanceledException {
        int n = m.rows();
        int[] order = shuffled(n, seed);
        // rank position (in the shuffled order) of each row, so that ties break by it
        int[] positionOf = new int[n];
        for (int i = 0; i < n; i++) {
            positionOf[order[i]] = i;
        }
        double[] score = new double[n];
        for (int rank = 1; rank <= n; rank++) {
            score[rank - 1] = Stats.normalQuantile((rank - 0.375) / (n + 0.25));
        }
        long[] keys = new long[n];
        ColumnBlocks.forEachColumn(m, report, progress, "inverse normal transform", (j, v) -> {
            transform(v, positionOf, order, score, keys);
            return true;
        });
    }

    /**
     * Replaces v by its Blom scores, ties broken by {@code positionOf} (lower first); {@code rowAtPosition} is the
     * inverse permutation.
     */
    static void transform(float[] v, int[] positionOf, int[] rowAtPosition, double[] score, long[] keys) {
        int n = v.length;
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) sortableBits(v[i]) << 32) | positionOf[i];
        }
        java.util.Arrays.sort(keys, 0, n);
        for (int k = 0; k < n; k++) {
            int row = rowAtPosition[(int) (keys[k] & 0xffffffffL)];
            v[row] = (float) score[k];
        }
    }

    /** A signed int that orders like the float (for finite values and infinities). */
    static int sortableBits(float f) {
        int bits = Float.floatToIntBits(f);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }

    /** A seeded Fisher-Yates permutation of 0..n-1. */
    static int[] shuffled(int n, long seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}

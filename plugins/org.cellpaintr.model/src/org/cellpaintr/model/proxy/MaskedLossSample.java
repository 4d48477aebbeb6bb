package org.cellpaintr.model.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.StepLosses;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.masking.MaskSample;

/**
 * Wells of the new data with their masks drawn once, so that every candidate token is scored on exactly the same
 * rows and hidden positions: the loss difference between two candidates is then the token's effect alone. Holds only
 * the sampled rows (memory bounded by the sample, not the dataset).
 */
final class MaskedLossSample {

    private final float[][] values;
    private final int[] rows;
    private final MaskSample[] masks;
    private final long maskedCount;

    private MaskedLossSample(float[][] values, int[] rows, MaskSample[] masks) {
        this.values = values;
        this.rows = rows;
        this.masks = masks;
        long c = 0;
        for (MaskSample m : masks) {
            c += m.maskedCount();
        }
        this.maskedCount = c;
    }

    /**
     * Reads {@code tableRows} of {@code matrix} in batches and draws one mask per batch from a generator seeded by
     * ({@code seed}, {@code purpose}, batch number).
     */
    static MaskedLossSample of(CellPainTRModel model, FeatureMatrix matrix, int[] tableRows, int batchSize, long seed,
            String purpose) {
        int f = matrix.columns();
        int batches = (tableRows.length + batchSize - 1) / batchSize;
        float[][] values = new float[batches][];
        int[] rows = new int[batches];
        MaskSample[] masks = new MaskSample[batches];
        for (int b = 0; b < batches; b++) {
            int start = b * batchSize;
            int n = Math.min(batchSize, tableRows.length - start);
            float[] v = new float[n * f];
            for (int i = 0; i < n; i++) {
                matrix.readRow(tableRows[start + i], v, i * f);
            }
            values[b] = v;
            rows[b] = n;
            masks[b] = model.sampleMask(new TrainingBatch(v, n, new int[n], null, 0),
                    new SplittableRandom(derive(seed, purpose, b)));
        }
        return new MaskedLossSample(values, rows, masks);
    }

    /** Number of wells. */
    int size() {
        int s = 0;
        for (int r : rows) {
            s += r;
        }
        return s;
    }

    int batches() {
        return rows.length;
    }

    /** Masked positions over the whole sample (0: every sampled value is a zero, nothing can be scored). */
    long maskedCount() {
        return maskedCount;
    }

    /** Values and mask of batch {@code b} with every well given codebook row {@code sourceRow}. */
    TrainingBatch batch(int b, int sourceRow, long dropoutSeed) {
        int[] src = new int[rows[b]];
        Arrays.fill(src, sourceRow);
        return new TrainingBatch(values[b], rows[b], src, null, dropoutSeed);
    }

    MaskSample mask(int b) {
        return masks[b];
    }

    /**
     * The masked MSE over every masked position of the sample with every well under codebook row {@code sourceRow},
     * in evaluation mode (no dropout, no gradient): sum of squared errors / number of masked positions.
     */
    double loss(CellPainTRModel model, int sourceRow, Progress progress) throws CanceledException {
        double sum = 0;
        for (int b = 0; b < rows.length; b++) {
            progress.checkCanceled();
            try (TrainingStep step = model.newTrainingStep()) {
                StepLosses l = step.evaluate(batch(b, sourceRow, 0), masks[b]);
                sum += l.maskedMse() * masks[b].maskedCount();
            }
            progress.report((b + 1.0) / rows.length, "scored batch " + (b + 1) + " of " + rows.length);
        }
        return sum / Math.max(1, maskedCount);
    }

    /** {@code k} distinct rows of {@code 0..n-1} drawn without replacement (partial Fisher-Yates), in draw order. */
    static int[] drawRows(int n, int k, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(derive(seed, "proxy-sample", 0));
        int m = Math.min(k, n);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return Arrays.copyOf(idx, m);
    }

    /** An independent seed per (seed, purpose, index), so that adding a purpose never shifts another's draws. */
    static long derive(long seed, String purpose, long index) {
        long h = mix(seed ^ 0x2545F4914F6CDD1DL);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        return mix(h ^ index);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

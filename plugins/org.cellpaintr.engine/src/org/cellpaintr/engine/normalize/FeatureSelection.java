package org.cellpaintr.engine.normalize;

import java.util.Arrays;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** pycytominer's feature selection rules, as Arevalo et al. apply them (docs/method.md §3.2 step 5). */
final class FeatureSelection {

    /** Rows per block of the correlation's cross-product. */
    private static final int ROW_BLOCK = 2048;

    private FeatureSelection() {
    }

    /**
     * pycytominer variance_threshold: drop a feature when (count of its second most frequent value) / (count of its
     * most frequent value) is below {@code freqCut} (a single distinct value counts as below), or when
     * (distinct values) / (rows) is below {@code uniqueCut}.
     */
    static void varianceThreshold(FeatureMatrix m, FeatureReport report, double freqCut, double uniqueCut,
            Progress progress) throws CanceledException {
        int n = m.rows();
        ColumnBlocks.forEachColumn(m, report, progress, "variance filter", (j, v) -> {
            float[] s = v.clone();
            Arrays.sort(s);
            int distinct = 0;
            int first = 0;
            int second = 0;
            for (int i = 0; i < n;) {
                int k = i;
                while (k < n && Float.compare(s[k], s[i]) == 0) {
                    k++;
                }
                int count = k - i;
                distinct++;
                if (count > first) {
                    second = first;
                    first = count;
                } else if (count > second) {
                    second = count;
                }
                i = k;
            }
            if (distinct < 2 || (double) second / first < freqCut) {
                report.drop(j, "low_variance (frequency ratio)");
            } else if ((double) distinct / n < uniqueCut) {
                report.drop(j, "low_variance (unique ratio)");
            }
            return false;
        });
    }

    /**
     * pycytominer correlation_threshold: for every pair of kept features with |Pearson r| above the threshold, drop
     * the member with the larger sum of absolute correlations to all kept features (the diagonal included). All
     * pairs are judged on the same correlation matrix (not iteratively). The features-by-features correlation is
     * accumulated over row blocks on DJL in float64; no wells-by-wells matrix is formed.
     */
    static void correlationThreshold(FeatureMatrix m, FeatureReport report, double threshold, Progress progress)
            throws CanceledException {
        int[] kept = report.keptIndices();
        int k = kept.length;
        int n = m.rows();
        if (k < 2 || n < 2) {
            return;
        }
        double[] corr;
        try (NDManager manager = Runtimes.pytorch().newBaseManager()) {
            double[] mean = new double[k];
            float[] row = new float[m.columns()];
            for (int r = 0; r < n; r++) {
                m.readRow(r, row, 0);
                for (int c = 0; c < k; c++) {
                    mean[c] += row[kept[c]];
                }
            }
            for (int c = 0; c < k; c++) {
                mean[c] /= n;
            }
            NDArray mu = manager.create(mean);
            NDArray gram = manager.zeros(new Shape(k, k), DataType.FLOAT64);
            double[] block = new double[ROW_BLOCK * k];
            for (int start = 0; start < n; start += ROW_BLOCK) {
                progress.checkCanceled();
                progress.report(0.9 * start / n, "correlation: row " + start + " of " + n);
                int b = Math.min(ROW_BLOCK, n - start);
                for (int i = 0; i < b; i++) {
                    m.readRow(start + i, row, 0);
                    for (int c = 0; c < k; c++) {
                        block[i * k + c] = row[kept[c]];
                    }
                }
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.create(Arrays.copyOf(block, b * k), new Shape(b, k)).sub(mu);
                    gram.addi(x.transpose().matMul(x));
                }
            }
            corr = gram.toDoubleArray();
        }
        double[] sd = new double[k];
        for (int a = 0; a < k; a++) {
            sd[a] = Math.sqrt(corr[a * k + a]);
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                corr[a * k + b] /= sd[a] * sd[b];
            }
        }
        double[] absSum = new double[k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double v = corr[a * k + b];
                absSum[a] += Double.isNaN(v) ? 0 : Math.abs(v);
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double r = corr[a * k + b];
                if (Math.abs(r) > threshold) {
                    // the member with the larger absolute-correlation sum goes; ties: the later feature
                    int drop = absSum[a] > absSum[b] ? a : b;
                    int keep = drop == a ? b : a;
                    report.drop(kept[drop], "correlated (|r| = " + String.format(java.util.Locale.ROOT, "%.3f", Math.abs(r))
                            + " with " + report.features.get(kept[keep]) + ")");
                }
            }
        }
        progress.report(1, "correlation filter done");
    }
}

package org.cellpaintr.engine.normalize;

import java.util.Arrays;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.util.Stats;

/** Outlier capping after scaling. */
final class Clipping {

    private Clipping() {
    }

    /**
     * The authors' rule (docs/method.md §3.1 step 3): one pair of bounds per plate, the low and high percentiles
     * of all the plate's values (every kept feature of every well), numpy's linear interpolation.
     */
    static void perPlatePercentiles(FeatureMatrix m, Plates plates, FeatureReport report, double low, double high,
            Progress progress) throws CanceledException {
        int[] kept = report.keptIndices();
        int f = m.columns();
        float[] row = new float[f];
        for (int p = 0; p < plates.count(); p++) {
            progress.checkCanceled();
            progress.report((double) p / plates.count(), "clipping plate " + plates.name(p));
            int[] rows = plates.rows(p);
            float[] all = new float[Math.multiplyExact(rows.length, kept.length)];
            int k = 0;
            for (int r : rows) {
                m.readRow(r, row, 0);
                for (int j : kept) {
                    all[k++] = row[j];
                }
            }
            float lo = (float) Stats.percentileUnsorted(all, all.length, low);
            float hi = (float) Stats.percentileUnsorted(all, all.length, high);
            for (int r : rows) {
                m.readRow(r, row, 0);
                for (int j : kept) {
                    row[j] = Math.max(lo, Math.min(hi, row[j]));
                }
                m.writeRow(r, row, 0);
            }
        }
    }

    /** Each feature to its own percentiles over all wells. */
    static void perFeaturePercentiles(FeatureMatrix m, FeatureReport report, double low, double high, Progress progress)
            throws CanceledException {
        ColumnBlocks.forEachColumn(m, report, progress, "clipping", (j, v) -> {
            float[] sorted = v.clone();
            Arrays.sort(sorted);
            float lo = (float) Stats.percentileSorted(sorted, sorted.length, low);
            float hi = (float) Stats.percentileSorted(sorted, sorted.length, high);
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(lo, Math.min(hi, v[i]));
            }
            return true;
        });
    }

    static void absolute(FeatureMatrix m, FeatureReport report, float lo, float hi, Progress progress)
            throws CanceledException {
        int[] kept = report.keptIndices();
        float[] row = new float[m.columns()];
        for (int r = 0; r < m.rows(); r++) {
            m.readRow(r, row, 0);
            for (int j : kept) {
                row[j] = Math.max(lo, Math.min(hi, row[j]));
            }
            m.writeRow(r, row, 0);
            if ((r & 4095) == 0) {
                progress.checkCanceled();
                progress.report((double) r / m.rows(), "clipping");
            }
        }
    }
}

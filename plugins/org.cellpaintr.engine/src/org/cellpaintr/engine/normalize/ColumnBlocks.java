package org.cellpaintr.engine.normalize;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;

/**
 * Visits the kept features of a row-major matrix as whole columns, a block of columns at a time, bounding the heap
 * used to about {@link #MAX_FLOATS} floats whatever the row count.
 */
final class ColumnBlocks {

    static final int MAX_FLOATS = 1 << 23;

    /** Work on one column (all rows); returns true when it changed the values and they must be written back. */
    interface ColumnVisitor {
        boolean visit(int feature, float[] values) throws CanceledException;
    }

    private ColumnBlocks() {
    }

    static void forEachColumn(FeatureMatrix m, FeatureReport report, Progress progress, String what,
            ColumnVisitor visitor) throws CanceledException {
        int n = m.rows();
        int f = m.columns();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        int blockSize = Math.max(1, Math.min(Normalize.FEATURE_BLOCK, MAX_FLOATS / Math.max(1, n)));
        for (int first = 0; first < f; first += blockSize) {
            progress.checkCanceled();
            progress.report((double) first / f, what + ": feature " + first + " of " + f);
            int count = Math.min(blockSize, f - first);
            float[][] block = new float[count][n];
            m.readColumnBlock(all, first, count, block);
            boolean changed = false;
            for (int c = 0; c < count; c++) {
                if (report.kept(first + c)) {
                    changed |= visitor.visit(first + c, block[c]);
                }
            }
            if (changed) {
                m.writeColumnBlock(all, first, count, block);
            }
        }
    }
}

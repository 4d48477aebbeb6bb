package org.cellpaintr.engine.metrics;

import org.cellpaintr.engine.table.ProfileTable;

/**
 * What {@link ScoreBatchCorrection} produces: the metrics table (one row per metric and per aggregate) and the
 * per-compound mAP table. Both are metadata-only tables; closing this closes both.
 */
public record ScoreResult(ProfileTable metrics, ProfileTable compounds) implements AutoCloseable {

    /** The value in the metrics table's row whose metric column is {@code label} (NaN if absent). */
    public double value(String label) {
        var metric = (org.cellpaintr.engine.table.TextColumn) metrics.column(ScoreBatchCorrection.COL_METRIC).get();
        var value = (org.cellpaintr.engine.table.NumberColumn) metrics.column(ScoreBatchCorrection.COL_VALUE).get();
        for (int r = 0; r < metrics.rowCount(); r++) {
            if (label.equals(metric.get(r))) {
                return value.get(r);
            }
        }
        return Double.NaN;
    }

    @Override
    public void close() {
        metrics.close();
        compounds.close();
    }
}

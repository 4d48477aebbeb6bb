package org.cellpaintr.cli.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * One method's row of the comparison: the ten metrics and the three aggregates, read from the metrics table that
 * Score Batch Correction produces (in memory or read back from its file).
 *
 * @param method the method's name as the report shows it
 * @param values metric or aggregate label -> value (NaN where not computed)
 */
public record MethodScores(String method, Map<String, Double> values) {

    /** The thirteen rows of the comparison, in Arevalo et al.'s order: ten metrics, then batch, bio and overall. */
    public static final List<String> ROWS;

    static {
        List<String> rows = new java.util.ArrayList<>();
        for (Metric m : Metric.values()) {
            rows.add(m.label);
        }
        rows.add(ScoreBatchCorrection.AGG_BATCH);
        rows.add(ScoreBatchCorrection.AGG_BIO);
        rows.add(ScoreBatchCorrection.AGG_OVERALL);
        ROWS = List.copyOf(rows);
    }

    public MethodScores {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("a method needs a name");
        }
        values = Map.copyOf(values);
    }

    /** Reads a metrics table (columns metric and value); every one of the 13 rows must be present. */
    public static MethodScores of(String method, ProfileTable metrics) {
        MetadataColumn name = metrics.column(ScoreBatchCorrection.COL_METRIC).orElseThrow(
                () -> new IllegalArgumentException("scores of '" + method + "' have no column '"
                        + ScoreBatchCorrection.COL_METRIC + "'"));
        MetadataColumn value = metrics.column(ScoreBatchCorrection.COL_VALUE).orElseThrow(
                () -> new IllegalArgumentException("scores of '" + method + "' have no column '"
                        + ScoreBatchCorrection.COL_VALUE + "'"));
        Map<String, Double> v = new LinkedHashMap<>();
        for (int r = 0; r < metrics.rowCount(); r++) {
            v.put(name.text(r), number(value, r));
        }
        for (String row : ROWS) {
            if (!v.containsKey(row)) {
                throw new IllegalArgumentException("scores of '" + method + "' have no row '" + row + "'");
            }
        }
        return new MethodScores(method, v);
    }

    /** A number from a numeric column, or from a text column holding numbers (a CSV read back); NaN if missing. */
    public static double number(MetadataColumn c, int r) {
        if (c.isMissing(r)) {
            return Double.NaN;
        }
        if (c instanceof NumberColumn n) {
            return n.get(r);
        }
        try {
            return Double.parseDouble(c.text(r).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column '" + c.name() + "', row " + (r + 1) + ": '" + c.text(r)
                    + "' is not a number");
        }
    }

    public double get(String row) {
        return values.getOrDefault(row, Double.NaN);
    }

    public double batch() {
        return get(ScoreBatchCorrection.AGG_BATCH);
    }

    public double bio() {
        return get(ScoreBatchCorrection.AGG_BIO);
    }

    public double overall() {
        return get(ScoreBatchCorrection.AGG_OVERALL);
    }
}

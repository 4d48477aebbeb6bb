package org.cellpaintr.engine.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.knn.UnitRows;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Arevalo et al.'s two mAP metrics (their {@code metrics/map.py}) with copairs' rules.
 *
 * <p>Index for both: positive controls removed; compounds with a single well removed.
 * <ul>
 * <li><b>mAP (controls)</b>: negative controls kept, each with a label of its own (so controls are never
 * positives). Positives: same compound, different well position (any plate). Negatives: same plate, differing in
 * both control status and compound, i.e. the negative controls on the query's plate. Control rows are dropped
 * from the result.</li>
 * <li><b>mAP (nonrep)</b>: negative controls removed. Positives: same compound. Negatives: same plate, different
 * compound.</li>
 * </ul>
 * Per compound: mean AP, p-value, BH-corrected p-value, retrieved (corrected p &lt; threshold). The metric is the
 * mean of the compounds' mAP; the fraction retrieved is reported but not part of the aggregates.
 */
final class MapScores {

    static final String COL_KIND = "mAP kind";
    static final String COL_COMPOUND = "compound";
    static final String COL_MAP = "mAP";
    static final String COL_P = "p-value";
    static final String COL_Q = "corrected p-value";
    static final String COL_RETRIEVED = "retrieved";
    static final String COL_WELLS = "wells";

    /** One compound's line in the per-compound table. */
    record Row(String kind, String compound, double map, double p, double q, boolean retrieved, int wells) {
    }

    private MapScores() {
    }

    static Map<String, ColumnKind> columns() {
        Map<String, ColumnKind> m = new LinkedHashMap<>();
        m.put(COL_KIND, ColumnKind.TEXT);
        m.put(COL_COMPOUND, ColumnKind.TEXT);
        m.put(COL_MAP, ColumnKind.NUMBER);
        m.put(COL_P, ColumnKind.NUMBER);
        m.put(COL_Q, ColumnKind.NUMBER);
        m.put(COL_RETRIEVED, ColumnKind.TEXT);
        m.put(COL_WELLS, ColumnKind.NUMBER);
        return m;
    }

    static void compute(ScoreSettings s, ProfileTable table, boolean[] negative, Map<Metric, MetricValue> values,
            Map<Metric, String> problems, List<Row> out, Progress progress)
            throws SettingsException, CanceledException {
        MetadataColumn label = table.requireColumn("label column", s.labelColumn());
        MetadataColumn plate = table.requireColumn("plate column", s.plateColumn());
        MetadataColumn well = s.wellColumn() == null || s.wellColumn().isBlank() ? null
                : table.requireColumn("well column", s.wellColumn());
        boolean[] positive = new boolean[table.rowCount()];
        if (s.positiveControlValue() != null && !s.positiveControlValue().isBlank()) {
            MetadataColumn c = table.requireColumn("control column", s.controlColumn());
            for (int r = 0; r < positive.length; r++) {
                positive[r] = s.positiveControlValue().equals(c.text(r));
            }
        }
        // the index: no positive controls, no compound with a single well (counted within the index)
        Map<String, Integer> wellsPerCompound = new HashMap<>();
        for (int r = 0; r < table.rowCount(); r++) {
            if (!positive[r]) {
                wellsPerCompound.merge(requireText(label, r), 1, Integer::sum);
            }
        }
        if (s.metrics().contains(Metric.MAP_CONTROLS)) {
            int[] rows = java.util.stream.IntStream.range(0, table.rowCount())
                    .filter(r -> !positive[r] && wellsPerCompound.get(label.text(r)) > 1).toArray();
            run(Metric.MAP_CONTROLS, "controls", s, table, rows, negative, label, plate, well, values, problems, out,
                    progress.sub(0, 0.5));
        }
        if (s.metrics().contains(Metric.MAP_NONREP)) {
            int[] rows = java.util.stream.IntStream.range(0, table.rowCount())
                    .filter(r -> !positive[r] && !negative[r] && wellsPerCompound.get(label.text(r)) > 1).toArray();
            run(Metric.MAP_NONREP, "nonrep", s, table, rows, negative, label, plate, well, values, problems, out,
                    progress.sub(0.5, 1));
        }
    }

    private static void run(Metric metric, String kind, ScoreSettings s, ProfileTable table, int[] rows,
            boolean[] negative, MetadataColumn label, MetadataColumn plate, MetadataColumn well,
            Map<Metric, MetricValue> values, Map<Metric, String> problems, List<Row> out, Progress progress)
            throws CanceledException {
        if (rows.length < 2) {
            problems.put(metric, "fewer than 2 wells in its index");
            return;
        }
        boolean controls = metric == Metric.MAP_CONTROLS;
        // coded columns: 0 label (controls: a unique id per negative-control well), 1 plate, 2 well, 3 control status
        LabelCodes labelCodes = LabelCodes.of(label, rows);
        int[] labelCol = labelCodes.codes().clone();
        int[] controlCol = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            controlCol[i] = negative[rows[i]] ? 1 : 0;
            if (controls && negative[rows[i]]) {
                labelCol[i] = labelCodes.count() + i;
            }
        }
        int[][] columns = {labelCol, LabelCodes.of(plate, rows).codes(),
            well == null ? new int[rows.length] : LabelCodes.of(well, rows).codes(), controlCol};
        PairRule pos = new PairRule(new int[] {0}, controls && well != null ? new int[] {2} : new int[0]);
        PairRule neg = controls ? new PairRule(new int[] {1}, new int[] {3, 0})
                : new PairRule(new int[] {1}, new int[] {0});
        UnitRows unit = UnitRows.of(table.matrix(), rows);
        AveragePrecision.Result ap;
        try {
            ap = AveragePrecision.compute(unit, columns, pos, neg, progress.sub(0, 0.7));
        } catch (IllegalArgumentException e) {
            problems.put(metric, e.getMessage());
            return;
        }
        if (controls) {
            // control rows carry no positives; drop them explicitly as Arevalo does
            for (int i = 0; i < rows.length; i++) {
                if (negative[rows[i]]) {
                    ap.ap()[i] = Double.NaN;
                }
            }
        }
        progress.report(0.7, kind + " mAP null distributions");
        List<MeanAveragePrecision.Group> groups = MeanAveragePrecision.compute(ap, labelCol, s.nullSize(),
                s.threshold(), s.seed());
        if (groups.isEmpty()) {
            problems.put(metric, "no compound has a replicate pair");
            return;
        }
        double sum = 0;
        int retrieved = 0;
        for (MeanAveragePrecision.Group g : groups) {
            sum += g.meanAp();
            retrieved += g.retrieved() ? 1 : 0;
            out.add(new Row(kind, labelCodes.values().get(g.group()), g.meanAp(), g.pValue(), g.correctedPValue(),
                    g.retrieved(), g.rows()));
        }
        values.put(metric, new MetricValue(sum / groups.size(), groups.size()));
        progress.report(1, kind + " mAP: " + retrieved + " of " + groups.size() + " compounds retrieved");
    }

    private static String requireText(MetadataColumn c, int row) {
        if (c.isMissing(row)) {
            throw new IllegalArgumentException("column '" + c.name() + "' has no value in row " + row);
        }
        return c.text(row);
    }

    static ProfileTable table(List<Row> rows) {
        TextColumn.Builder kind = new TextColumn.Builder(COL_KIND);
        TextColumn.Builder compound = new TextColumn.Builder(COL_COMPOUND);
        TextColumn.Builder retrieved = new TextColumn.Builder(COL_RETRIEVED);
        double[] map = new double[rows.size()];
        double[] p = new double[rows.size()];
        double[] q = new double[rows.size()];
        double[] wells = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            kind.add(r.kind());
            compound.add(r.compound());
            retrieved.add(Boolean.toString(r.retrieved()));
            map[i] = r.map();
            p[i] = r.p();
            q[i] = r.q();
            wells[i] = r.wells();
        }
        List<MetadataColumn> cols = new ArrayList<>(List.of(kind.build(), compound.build(), new NumberColumn(COL_MAP, map),
                new NumberColumn(COL_P, p), new NumberColumn(COL_Q, q), retrieved.build(),
                new NumberColumn(COL_WELLS, wells)));
        return ProfileTable.ofMetadata(cols);
    }
}

package org.cellpaintr.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.correct.SpheringVariant;
import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * The whole Score Batch Correction suite on the Dahlin et al. plates (9 plates, 2 experimental batches) for the raw
 * profiles, ComBat, Harmony and Sphering; prints a Markdown table for docs/metrics.md.
 *
 * <p>Roles: batch = "Experimental Condition [Experimental Batch]", label = "Compound Name", plate = "Plate",
 * well = "Well", controls in "Control Type" ("Negative" = DMSO, "Positive" = the four positive controls).
 * Harmony: Arevalo et al.'s settings (nclust 300, 20 iterations). Sphering: ZCA-cor on the DMSO wells, epsilon
 * chosen as Arevalo et al. do, by the best (mAP controls + mAP nonrep) / 2 over a grid.
 */
public final class DahlinScores {

    static final String BATCH = "Experimental Condition [Experimental Batch]";

    public static void main(String[] args) throws Exception {
        Path file = Path.of(System.getProperty("cellpaintr.example.dir", "workflows/data"),
                "dahlin_cell_injury", "aligned_plate_holdout.csv.gz");
        ScoreSettings score = ScoreSettings.defaults(BATCH, "Compound Name", "Plate", "Well", "Control Type",
                "Negative", "Positive");
        Map<String, Map<String, Double>> table = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        try (ProfileTable all = CsvGz.read(file, 33); ProfileTable raw = withLabel(all, "Compound Name", notes)) {
            System.err.printf("Dahlin: %d wells x %d features%n", raw.rowCount(), raw.features().size());
            table.put("Baseline (raw)", run(score, raw, notes, "Baseline (raw)", 0));
            try (ProfileTable c = correct(CorrectionSettings.combat(BATCH, List.of(), true), raw, notes, "ComBat")) {
                table.put("ComBat", run(score, c, notes, "ComBat", 0));
            }
            try (ProfileTable h = correct(CorrectionSettings.harmony(BATCH, HarmonyOptions.arevalo()), raw, notes,
                    "Harmony")) {
                table.put("Harmony", run(score, h, notes, "Harmony", 0));
            }
            double bestEps = Double.NaN;
            double bestMap = Double.NEGATIVE_INFINITY;
            List<String> grid = new ArrayList<>();
            for (double eps : new double[] {1e-4, 1e-2, 1, 10, 100}) {
                try (ProfileTable s = new CorrectBatchEffects().execute(
                        CorrectionSettings.sphering("Control Type", "Negative", SpheringVariant.ZCA_COR, eps), raw,
                        new TimedProgress(false));
                        ScoreResult r = new ScoreBatchCorrection().execute(
                                score.withMetrics(java.util.EnumSet.of(Metric.MAP_CONTROLS, Metric.MAP_NONREP)), s,
                                new TimedProgress(false))) {
                    double m = (r.value("mAP (controls)") + r.value("mAP (nonrep)")) / 2;
                    grid.add(String.format(Locale.ROOT, "%g: %.3f", eps, m));
                    if (m > bestMap) {
                        bestMap = m;
                        bestEps = eps;
                    }
                }
            }
            notes.put("Sphering epsilon grid ((mAP controls + mAP nonrep) / 2)", String.join(", ", grid));
            try (ProfileTable s = correct(CorrectionSettings.sphering("Control Type", "Negative",
                    SpheringVariant.ZCA_COR, bestEps), raw, notes, "Sphering")) {
                table.put(String.format(Locale.ROOT, "Sphering (ZCA-cor, eps %g)", bestEps),
                        run(score, s, notes, "Sphering", 0));
            }
        }
        print(table, notes);
    }

    /** The wells that have a label: Score Batch Correction refuses missing labels, and the file lacks one name. */
    static ProfileTable withLabel(ProfileTable t, String label, Map<String, String> notes) {
        var c = t.column(label).orElseThrow();
        int[] keep = java.util.stream.IntStream.range(0, t.rowCount()).filter(r -> !c.isMissing(r)).toArray();
        List<String> dropped = new ArrayList<>();
        var plate = t.column("Plate").orElseThrow();
        var well = t.column("Well").orElseThrow();
        for (int r = 0; r < t.rowCount(); r++) {
            if (c.isMissing(r)) {
                dropped.add(plate.text(r) + " " + well.text(r));
            }
        }
        notes.put("wells without a '" + label + "' (left out)", dropped.isEmpty() ? "none" : String.join(", ", dropped));
        return t.selectRows(keep);
    }

    static ProfileTable correct(CorrectionSettings s, ProfileTable raw, Map<String, String> notes, String name)
            throws Exception {
        long t0 = System.nanoTime();
        ProfileTable out = new CorrectBatchEffects().execute(s, raw, new TimedProgress(false));
        notes.put(name + " correction time", String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - t0) / 1e9));
        return out;
    }

    static Map<String, Double> run(ScoreSettings s, ProfileTable t, Map<String, String> notes, String name,
            int unused) throws Exception {
        long t0 = System.nanoTime();
        try (ScoreResult r = new ScoreBatchCorrection().execute(s, t, new TimedProgress(false))) {
            notes.put(name + " scoring time", String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - t0) / 1e9));
            Map<String, Double> v = new LinkedHashMap<>();
            for (Metric m : Metric.values()) {
                v.put(m.label, r.value(m.label));
            }
            v.put("batch", r.value(ScoreBatchCorrection.AGG_BATCH));
            v.put("bio", r.value(ScoreBatchCorrection.AGG_BIO));
            v.put("overall", r.value(ScoreBatchCorrection.AGG_OVERALL));
            int retrieved = 0;
            int compounds = 0;
            var kind = (org.cellpaintr.engine.table.TextColumn) r.compounds().column("mAP kind").get();
            var ret = (org.cellpaintr.engine.table.TextColumn) r.compounds().column("retrieved").get();
            for (int i = 0; i < r.compounds().rowCount(); i++) {
                if ("controls".equals(kind.get(i))) {
                    compounds++;
                    retrieved += "true".equals(ret.get(i)) ? 1 : 0;
                }
            }
            notes.put(name + " mAP (controls) retrieved", retrieved + " of " + compounds + " compounds");
            return v;
        }
    }

    static void print(Map<String, Map<String, Double>> table, Map<String, String> notes) {
        List<String> cols = new ArrayList<>(table.values().iterator().next().keySet());
        StringBuilder sb = new StringBuilder("| method |");
        for (String c : cols) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---|".repeat(cols.size()));
        for (var e : table.entrySet()) {
            sb.append("\n| ").append(e.getKey()).append(" |");
            for (String c : cols) {
                sb.append(String.format(Locale.ROOT, " %.3f |", e.getValue().get(c)));
            }
        }
        System.out.println(sb);
        System.out.println();
        notes.forEach((k, v) -> System.out.println("- " + k + ": " + v));
    }
}

package org.cellpaintr.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/**
 * How much Harmony's score on the Dahlin plates depends on its random seed: Harmony with Arevalo et al.'s settings
 * (nclust 300, 20 iterations) at seeds 0..n-1, plus seed 0 with the harmonypy-0.0.9 random stream, each scored with
 * the whole suite as the Dahlin table of docs/metrics.md is; the raw profiles first, with the number of items every
 * metric averaged. Prints a Markdown table. Usage: {@code HarmonySeedSpread [SEEDS]} (default 10), with
 * {@code -Dcellpaintr.example.dir} pointing at workflows/data.
 */
public final class HarmonySeedSpread {

    private static final String BATCH = "Experimental Condition [Experimental Batch]";
    private static final int METADATA_COLUMNS = 33; // the Dahlin file's leading metadata columns

    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path file = Path.of(System.getProperty("cellpaintr.example.dir", "workflows/data"), "dahlin_cell_injury",
                "aligned_plate_holdout.csv.gz");
        ScoreSettings score = ScoreSettings.defaults(BATCH, "Compound Name", "Plate", "Well", "Control Type",
                "Negative", "Positive");
        List<String> rows = new ArrayList<>();
        List<double[]> harmony = new ArrayList<>();
        try (ProfileTable all = read(file); ProfileTable raw = labelled(all, "Compound Name")) {
            System.err.printf(Locale.ROOT, "Dahlin: %d labelled wells x %d features%n", raw.rowCount(),
                    raw.features().size());
            try (ScoreResult r = new ScoreBatchCorrection().execute(score, raw, Progress.NONE)) {
                rows.add(row("raw", r));
                printItems(r);
            }
            for (int seed = 0; seed < seeds; seed++) {
                harmony.add(scoreHarmony(score, raw, HarmonyOptions.arevalo().withSeed(seed), "Harmony seed " + seed,
                        rows));
            }
            scoreHarmony(score, raw, HarmonyOptions.arevalo().asHarmonypy009WithOldSklearn(),
                    "Harmony seed 0, harmonypy-0.0.9 stream", rows);
        }
        StringBuilder head = new StringBuilder("| run |");
        for (Metric m : Metric.values()) {
            head.append(' ').append(m.label).append(" |");
        }
        head.append(" batch | bio | overall |\n|---|").append("---|".repeat(Metric.values().length + 3));
        System.out.println(head);
        rows.forEach(System.out::println);
        double[] overall = harmony.stream().mapToDouble(v -> v[2]).toArray();
        double mean = java.util.Arrays.stream(overall).average().orElse(Double.NaN);
        double sd = Math.sqrt(java.util.Arrays.stream(overall).map(x -> (x - mean) * (x - mean)).sum()
                / Math.max(1, overall.length - 1));
        System.out.printf(Locale.ROOT, "%nHarmony overall over %d seeds: mean %.4f, sd %.4f, min %.4f, max %.4f%n",
                overall.length, mean, sd, java.util.Arrays.stream(overall).min().orElse(Double.NaN),
                java.util.Arrays.stream(overall).max().orElse(Double.NaN));
    }

    private static double[] scoreHarmony(ScoreSettings score, ProfileTable raw, HarmonyOptions options, String name,
            List<String> rows) throws Exception {
        long t0 = System.nanoTime();
        try (ProfileTable h = new CorrectBatchEffects().execute(CorrectionSettings.harmony(BATCH, options), raw,
                Progress.NONE); ScoreResult r = new ScoreBatchCorrection().execute(score, h, Progress.NONE)) {
            rows.add(row(name, r));
            System.err.printf(Locale.ROOT, "%s: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
            return new double[] {r.value(ScoreBatchCorrection.AGG_BATCH), r.value(ScoreBatchCorrection.AGG_BIO),
                    r.value(ScoreBatchCorrection.AGG_OVERALL)};
        }
    }

    private static String row(String name, ScoreResult r) {
        StringBuilder sb = new StringBuilder("| ").append(name).append(" |");
        for (Metric m : Metric.values()) {
            sb.append(String.format(Locale.ROOT, " %.3f |", r.value(m.label)));
        }
        for (String agg : List.of(ScoreBatchCorrection.AGG_BATCH, ScoreBatchCorrection.AGG_BIO,
                ScoreBatchCorrection.AGG_OVERALL)) {
            sb.append(String.format(Locale.ROOT, " %.4f |", r.value(agg)));
        }
        return sb.toString();
    }

    /** The metrics table's items column: how many labels, wells or compounds each metric averaged. */
    private static void printItems(ScoreResult r) {
        TextColumn metric = (TextColumn) r.metrics().column(ScoreBatchCorrection.COL_METRIC).orElseThrow();
        MetadataColumn items = r.metrics().column(ScoreBatchCorrection.COL_ITEMS).orElseThrow();
        for (int i = 0; i < r.metrics().rowCount(); i++) {
            String n = items instanceof NumberColumn num ? String.format(Locale.ROOT, "%.0f", num.get(i))
                    : items.text(i);
            System.out.println("items, raw: " + metric.get(i) + " = " + n);
        }
    }

    private static ProfileTable read(Path file) throws Exception {
        List<String> header;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            header = List.of(r.readLine().split(","));
        }
        return ProfileFiles.read(file, new FeatureColumnRule(header.subList(METADATA_COLUMNS, header.size()), null,
                null), Progress.NONE);
    }

    /** Score Batch Correction refuses missing labels, and one Dahlin well has no compound name. */
    private static ProfileTable labelled(ProfileTable t, String label) {
        MetadataColumn c = t.column(label).orElseThrow();
        return t.selectRows(IntStream.range(0, t.rowCount()).filter(r -> !c.isMissing(r)).toArray());
    }
}

package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cellpaintr.cli.CellPainTR;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.table.ProfileTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: exit codes, one-line reasons, files written. */
class CommandLineTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CellPainTR().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void normalizeThenIntersectOnTheRealData() throws Exception {
        Path norm = tmp.resolve("dahlin.parquet");
        Path report = tmp.resolve("report.csv");
        Run n = run("normalize", "--input", TestData.example(TestData.DAHLIN).toString(), "--output", norm.toString(),
                "--report", report.toString(), "--plate-column", "Plate", "--control-column", "Control Type",
                "--control-value", "Negative");
        assertEquals(0, n.code(), n.err());
        assertTrue(n.out().contains("normalised 1948 wells; kept 352 of 352 features"), n.out());
        try (ProfileTable t = ProfileFiles.read(norm); ProfileTable r = ProfileFiles.read(report,
                new org.cellpaintr.engine.io.FeatureColumnRule(java.util.List.of("nan_count"), null, null),
                org.cellpaintr.engine.op.Progress.NONE)) {
            assertEquals(1948, t.rowCount());
            assertEquals(352, r.rowCount());
        }
        Path aligned = tmp.resolve("aligned.csv.gz");
        Run i = run("intersect", "--input", TestData.example(TestData.CPJUMP1).toString(), "--reference",
                norm.toString(), "--output", aligned.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("340 of 352 reference features matched"), i.out());
        assertTrue(Files.size(aligned) > 1000);
    }

    @Test
    void normalizeCenterPresetPutsEveryPlatesControlMedianAtZeroAndKeepsTheSpread() throws Exception {
        Path in = TestData.example(TestData.DAHLIN);
        Path out = tmp.resolve("centred.parquet");
        Run n = run("normalize", "--preset", "center", "--input", in.toString(), "--output", out.toString(),
                "--plate-column", "Plate", "--control-column", "Control Type", "--control-value", "Negative");
        assertEquals(0, n.code(), n.err());
        try (ProfileTable raw = ProfileFiles.read(in); ProfileTable t = ProfileFiles.read(out)) {
            assertEquals(raw.features(), t.features(), "no feature selection");
            var plate = t.column("Plate").orElseThrow();
            var control = t.column("Control Type").orElseThrow();
            java.util.Map<String, java.util.List<Integer>> dmso = new java.util.TreeMap<>();
            java.util.Map<String, Integer> treated = new java.util.TreeMap<>();
            for (int r = 0; r < t.rowCount(); r++) {
                if ("Negative".equals(control.text(r))) {
                    dmso.computeIfAbsent(plate.text(r), k -> new java.util.ArrayList<>()).add(r);
                } else {
                    treated.putIfAbsent(plate.text(r), r);
                }
            }
            assertEquals(9, dmso.size(), "every Dahlin plate has DMSO wells");
            for (int j = 0; j < t.features().size(); j += 7) {
                float[] col = t.matrix().readColumn(j);
                float[] rawCol = raw.matrix().readColumn(j);
                for (var e : dmso.entrySet()) {
                    double[] v = e.getValue().stream().mapToDouble(r -> col[r]).sorted().toArray();
                    int m = v.length;
                    double median = m % 2 == 1 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
                    int a = e.getValue().get(0);
                    int b = treated.get(e.getKey());
                    double scale = Math.abs(rawCol[a]) + Math.abs(rawCol[b]) + 1;
                    String where = t.features().get(j) + " on plate " + e.getKey();
                    assertEquals(0, median, 1e-5 * scale, "DMSO median of " + where);
                    // no scaling: a DMSO well and a treated well of the plate are shifted by the same amount
                    assertEquals(rawCol[a] - col[a], rawCol[b] - col[b], 1e-4 * scale, "one shift for " + where);
                }
            }
        }
    }

    @Test
    void helpAndUsageErrors() {
        Run help = run("normalize", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--control-value"));
        assertEquals(0, run("--help").code());
        Run unknown = run("frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown command 'frobnicate'"));
        Run badOption = run("normalize", "--input", "x.csv", "--output", "y.csv", "--clip", "sideways");
        assertEquals(2, badOption.code());
        assertTrue(badOption.err().contains("--clip: 'sideways' is not one of"), badOption.err());
        Run missingRequired = run("normalize", "--input", "x.csv");
        assertEquals(2, missingRequired.code());
        assertTrue(missingRequired.err().contains("--output is required"));
    }

    @Test
    void badInputExitsNonZeroWithOneLineReasonAndWritesNothing() throws Exception {
        Path out = tmp.resolve("out.csv");
        Run missingFile = run("normalize", "--input", tmp.resolve("nope.csv").toString(), "--output", out.toString(),
                "--control-column", "c", "--control-value", "v");
        assertEquals(1, missingFile.code());
        assertTrue(missingFile.err().contains("nope.csv' does not exist"), missingFile.err());
        Run missingColumn = run("normalize", "--input", TestData.example(TestData.DAHLIN).toString(), "--output",
                out.toString(), "--control-column", "Control Type", "--control-value", "Negative");
        assertEquals(2, missingColumn.code());
        assertTrue(missingColumn.err().contains("plate columns: column 'Metadata_Plate' not found"), missingColumn.err());
        assertFalse(Files.exists(out));
        Run unwritable = run("normalize", "--input", TestData.example(TestData.DAHLIN).toString(), "--output",
                tmp.resolve("no/dir/out.csv").toString(), "--plate-column", "Plate", "--control-column",
                "Control Type", "--control-value", "Negative");
        assertEquals(1, unwritable.code());
        assertTrue(unwritable.err().contains("does not exist"), unwritable.err());
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "nothing written, no temporary files");
        }
    }

    @Test
    void exampleRunsOnTheBundledData() throws Exception {
        Path data = TestData.example(TestData.DAHLIN).getParent().getParent();
        Run r = run("example", "--data", data.toString(), "--out", tmp.toString(), "--epochs", "1", "--plates",
                "BR00110024,BR00114092", "--null-size", "100", "--harmony-clusters", "10"); // test size
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("340 of 352 reference features matched"), r.out());
        assertTrue(Files.exists(tmp.resolve("dahlin_normalized.parquet")));
    }

    @Test
    void correctWithHarmonyReproducesTheStoredHarmonypyOutput() throws Exception {
        Path out = tmp.resolve("harmony.arrow");
        Run r = run("correct", "--method", "harmony", "--input", TestData.example(TestData.RECIPE_PARQUET).toString(),
                "--output", out.toString(), "--batch-column", "Metadata_Plate", "--clusters", "300", "--iterations", "20");
        assertEquals(0, r.code(), r.err());
        try (ProfileTable mine = ProfileFiles.read(out); ProfileTable known = ProfileFiles.read(TestData.example(
                "jump_recipe_fixtures/pipeline_1_trimmed_profiles_var_mad_int_featselect_harmony.parquet"),
                new org.cellpaintr.engine.io.FeatureColumnRule(null, null, "X_\\d+"), org.cellpaintr.engine.op.Progress.NONE)) {
            assertEquals(known.column("Metadata_Well").orElseThrow().text(100), mine.column("Metadata_Well").orElseThrow().text(100));
            double worst = 0;
            for (int row = 0; row < known.rowCount(); row++) {
                for (int j = 0; j < known.features().size(); j++) {
                    worst = Math.max(worst, Math.abs(known.matrix().get(row, j) - mine.matrix().get(row, j)));
                }
            }
            assertTrue(worst < 0.1, "max abs difference to harmonypy " + worst);
        }
    }

    /**
     * --float32 and --fast reach Harmony: float32 stays within the fixture test's 1e-4 of harmonypy's stored output,
     * the fast preset (one k-means start) within the recipe's 0.1 but not within 1e-4 (measured 0.043), which tells
     * the two flags apart.
     */
    @Test
    void correctWithHarmonyFloat32AndFastFlags() throws Exception {
        double float32 = harmonyDifference("--float32");
        assertTrue(float32 < 1e-4, "--float32: max abs difference to harmonypy " + float32);
        double fast = harmonyDifference("--fast");
        assertTrue(fast < 0.1 && fast > 1e-4, "--fast: max abs difference to harmonypy " + fast);
    }

    private double harmonyDifference(String flag) throws Exception {
        Path out = tmp.resolve("harmony" + flag.replace("-", "") + ".arrow");
        Run r = run("correct", "--method", "harmony", "--input", TestData.example(TestData.RECIPE_PARQUET).toString(),
                "--output", out.toString(), "--batch-column", "Metadata_Plate", "--clusters", "300", "--iterations", "20",
                flag);
        assertEquals(0, r.code(), r.err());
        try (ProfileTable mine = ProfileFiles.read(out); ProfileTable known = ProfileFiles.read(TestData.example(
                "jump_recipe_fixtures/pipeline_1_trimmed_profiles_var_mad_int_featselect_harmony.parquet"),
                new org.cellpaintr.engine.io.FeatureColumnRule(null, null, "X_\\d+"), org.cellpaintr.engine.op.Progress.NONE)) {
            double worst = 0;
            for (int row = 0; row < known.rowCount(); row++) {
                for (int j = 0; j < known.features().size(); j++) {
                    worst = Math.max(worst, Math.abs(known.matrix().get(row, j) - mine.matrix().get(row, j)));
                }
            }
            return worst;
        }
    }

    @Test
    void scoreWritesTheMetricsTableWithTheAggregates() throws Exception {
        Path norm = tmp.resolve("n.parquet");
        assertEquals(0, run("normalize", "--input", TestData.example(TestData.DAHLIN).toString(), "--output",
                norm.toString(), "--plate-column", "Plate", "--control-column", "Control Type", "--control-value",
                "Negative").code());
        Path metrics = tmp.resolve("metrics.csv");
        Run r = run("score", "--input", norm.toString(), "--output", metrics.toString(), "--batch-column",
                "Experimental Condition [Experimental Batch]", "--label-column", "injury_type", "--plate-column", "Plate",
                "--well-column", "Well", "--control-column", "Control Type", "--negative-control", "Negative",
                "--skip", "kbet,ilisi,clisi", "--null-size", "1000");
        assertEquals(0, r.code(), r.err());
        try (ProfileTable t = ProfileFiles.read(metrics, new org.cellpaintr.engine.io.FeatureColumnRule(
                java.util.List.of("value"), null, null), org.cellpaintr.engine.op.Progress.NONE)) {
            java.util.Map<String, Float> v = new java.util.HashMap<>();
            for (int i = 0; i < t.rowCount(); i++) {
                v.put(t.column("metric").orElseThrow().text(i), t.matrix().get(i, 0));
            }
            assertTrue(Float.isNaN(v.getOrDefault("kBET", Float.NaN)), "switched off");
            double batch = (v.get("graph connectivity") + v.get("silhouette batch")) / 2.0;
            double bio = (v.get("Leiden NMI") + v.get("Leiden ARI") + v.get("silhouette label") + v.get("mAP (controls)")
                    + v.get("mAP (nonrep)")) / 5.0;
            assertEquals(batch, v.get("batch correction"), 1e-5);
            assertEquals(bio, v.get("bio-conservation"), 1e-5);
            assertEquals(0.4 * batch + 0.6 * bio, v.get("overall"), 1e-5);
        }
    }
}

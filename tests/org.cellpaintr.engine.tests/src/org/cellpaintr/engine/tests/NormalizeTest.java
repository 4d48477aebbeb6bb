package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.util.Stats;
import org.junit.jupiter.api.Test;

class NormalizeTest {

    private static final List<String> PLATE = List.of("Plate");

    private static NormalizeSettings dahlinAuthors() {
        return NormalizeSettings.authors(PLATE, "Control Type", List.of("Negative"));
    }

    @Test
    void robustMadByHand() throws Exception {
        // plate p: controls 1, 2, 4, 10 -> median 3, |dev| 2, 1, 1, 7 -> MAD 1.5; treated well 9
        try (ProfileTable t = TestData.table(new String[] {"p", "p", "p", "p", "p"},
                new String[] {"DMSO", "DMSO", "DMSO", "DMSO", "x"}, new String[] {"Cells_A"},
                new float[][] {{1, 2, 4, 10, 9}})) {
            NormalizeSettings s = NormalizeSettings.authors(List.of("Metadata_Plate"), "Metadata_Control",
                    List.of("DMSO")).withClip(NormalizeSettings.Clip.NONE, 0, 0);
            try (NormalizeResult r = new Normalize().execute(s, t, Progress.NONE)) {
                double scale = 1.5 * 1.4826 + 1e-6;
                assertEquals((float) ((9 - 3) / scale), r.normalized().matrix().get(4, 0), 1e-6);
                assertEquals((float) ((1 - 3) / scale), r.normalized().matrix().get(0, 0), 1e-6);
                assertEquals("3", r.report().column("mean_plate_center").orElseThrow().text(0));
            }
            NormalizeSettings z = s.withMethod(NormalizeSettings.Method.ZSCORE, false, 0);
            try (NormalizeResult r = new Normalize().execute(z, t, Progress.NONE)) {
                // controls mean 4.25, population sd sqrt(((3.25^2)+(2.25^2)+(0.25^2)+(5.75^2))/4)
                double sd = Math.sqrt((3.25 * 3.25 + 2.25 * 2.25 + 0.25 * 0.25 + 5.75 * 5.75) / 4);
                assertEquals((float) ((9 - 4.25) / sd), r.normalized().matrix().get(4, 0), 1e-6);
            }
        }
    }

    @Test
    void centerSubtractsEachPlatesControlMedianAndNothingElse() throws Exception {
        // plate p: controls 1, 2, 4, 10 -> median 3; plate q: controls 20, 30 -> median 25 (mean of the middle two);
        // feature B is 10x feature A: no scaling, so B's output is 10x A's
        String[] plates = {"p", "p", "p", "p", "p", "q", "q", "q"};
        String[] controls = {"DMSO", "DMSO", "DMSO", "DMSO", "x", "DMSO", "DMSO", "x"};
        float[] a = {1, 2, 4, 10, 9, 20, 30, -5};
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = 10 * a[i];
        }
        try (ProfileTable t = TestData.table(plates, controls, new String[] {"Cells_A", "Cells_B"},
                new float[][] {a, b})) {
            NormalizeSettings s = NormalizeSettings.preset("center", List.of("Metadata_Plate"), "Metadata_Control",
                    List.of("DMSO"));
            assertEquals(NormalizeSettings.centerOnControls(List.of("Metadata_Plate"), "Metadata_Control",
                    List.of("DMSO")), s);
            float[] expectedA = {-2, -1, 1, 7, 6, -5, 5, -30};
            try (NormalizeResult r = new Normalize().execute(s, t, Progress.NONE)) {
                assertEquals(List.of("Cells_A", "Cells_B"), r.normalized().features());
                for (int i = 0; i < a.length; i++) {
                    assertEquals(expectedA[i], r.normalized().matrix().get(i, 0), 1e-6, "row " + i);
                    assertEquals(10 * expectedA[i], r.normalized().matrix().get(i, 1), 1e-5, "row " + i);
                }
            }
        }
        // an embedding with NaN is a broken embedding: refused, not zeroed or dropped
        try (ProfileTable t = TestData.table(new String[] {"p", "p"}, new String[] {"DMSO", "x"},
                new String[] {"Cells_A"}, new float[][] {{1, Float.NaN}})) {
            NormalizeSettings s = NormalizeSettings.centerOnControls(List.of("Metadata_Plate"), "Metadata_Control",
                    List.of("DMSO"));
            org.cellpaintr.engine.table.SettingsException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.cellpaintr.engine.table.SettingsException.class,
                    () -> new Normalize().execute(s, t, Progress.NONE).close());
            assertTrue(e.getMessage().contains("row 2 column 'Cells_A'"), e.getMessage());
        }
    }

    @Test
    void centerPresetSurvivesTheSavedForm() throws Exception {
        org.cellpaintr.engine.normalize.NormalizeCodec codec = new org.cellpaintr.engine.normalize.NormalizeCodec();
        NormalizeSettings s = NormalizeSettings.centerOnControls(List.of("Metadata_Plate"), "Metadata_Control",
                List.of("DMSO"));
        org.cellpaintr.engine.settings.SettingsTree saved = codec.encode(s);
        assertEquals("center", saved.string(org.cellpaintr.engine.normalize.NormalizeCodec.PRESET));
        assertEquals("center", saved.string("method"));
        assertEquals(s, codec.decode(saved));
    }

    @Test
    void perPlatePercentileClipByHand() throws Exception {
        // values after ALL_WELLS method NONE are the inputs; percentile over the plate's 10 values (numpy linear)
        float[] v = {0, 1, 2, 3, 4, 5, 6, 7, 8, 100};
        try (ProfileTable t = TestData.table(new String[] {"p", "p", "p", "p", "p"}, null,
                new String[] {"Cells_A", "Cells_B"}, new float[][] {{0, 2, 4, 6, 8}, {1, 3, 5, 7, 100}})) {
            NormalizeSettings s = NormalizeSettings.authors(List.of("Metadata_Plate"), null, List.of())
                    .withReference(NormalizeSettings.Reference.ALL_WELLS, false)
                    .withMethod(NormalizeSettings.Method.NONE, false, 0)
                    .withClip(NormalizeSettings.Clip.GLOBAL_PERCENTILE, 10, 90);
            try (NormalizeResult r = new Normalize().execute(s, t, Progress.NONE)) {
                // sorted v; position (n-1)q: 0.9 -> 0 + 0.9*1 = 0.9; 8.1 -> 8 + 0.1*92 = 17.2
                assertEquals(0.9f, r.normalized().matrix().get(0, 0), 1e-6);
                assertEquals(17.2f, r.normalized().matrix().get(4, 1), 1e-5);
                assertEquals(8f, r.normalized().matrix().get(4, 0));
            }
        }
        assertEquals(10, v.length);
    }

    @Test
    void normalQuantileKnownValues() {
        assertEquals(0.0, Stats.normalQuantile(0.5), 1e-15);
        assertEquals(1.959963984540054, Stats.normalQuantile(0.975), 1e-13);
        assertEquals(-1.2815515655446004, Stats.normalQuantile(0.1), 1e-13);
        assertEquals(-3.090232306167813, Stats.normalQuantile(0.001), 1e-12);
        assertEquals(4.753424308822899, Stats.normalQuantile(1 - 1e-6), 1e-9);
    }

    @Test
    void blomInverseNormalTransformByHand() throws Exception {
        // n = 4, values 30, 10, 20, 40 -> ranks 3, 1, 2, 4 -> Phi^-1((r - 3/8) / 4.25)
        try (ProfileTable t = TestData.table(new String[] {"p", "p", "p", "p"}, null, new String[] {"Cells_A"},
                new float[][] {{30, 10, 20, 40}})) {
            NormalizeSettings s = NormalizeSettings.authors(List.of("Metadata_Plate"), null, List.of())
                    .withReference(NormalizeSettings.Reference.ALL_WELLS, false)
                    .withMethod(NormalizeSettings.Method.NONE, false, 0).withClip(NormalizeSettings.Clip.NONE, 0, 0)
                    .withInverseNormal(true, 0);
            try (NormalizeResult r = new Normalize().execute(s, t, Progress.NONE)) {
                int[] rank = {3, 1, 2, 4};
                for (int i = 0; i < 4; i++) {
                    assertEquals((float) Stats.normalQuantile((rank[i] - 0.375) / 4.25), r.normalized().matrix().get(i, 0),
                            1e-6);
                }
            }
        }
    }

    @Test
    void tiesGetDistinctRanksDeterministicallyForASeed() throws Exception {
        try (ProfileTable t = TestData.table(new String[] {"p", "p", "p", "p", "p", "p"}, null,
                new String[] {"Cells_A"}, new float[][] {{5, 5, 5, 1, 5, 9}})) {
            NormalizeSettings s = NormalizeSettings.authors(List.of("Metadata_Plate"), null, List.of())
                    .withReference(NormalizeSettings.Reference.ALL_WELLS, false)
                    .withMethod(NormalizeSettings.Method.NONE, false, 0).withClip(NormalizeSettings.Clip.NONE, 0, 0)
                    .withInverseNormal(true, 42);
            float[] first;
            try (NormalizeResult r = new Normalize().execute(s, t, Progress.NONE)) {
                first = r.normalized().matrix().readColumn(0);
            }
            try (NormalizeResult r = new Normalize().execute(s, t, Progress.NONE)) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(first, r.normalized().matrix().readColumn(0));
            }
            // the four tied 5s take ranks 2..5 in some order; 1 is rank 1, 9 rank 6
            assertEquals((float) Stats.normalQuantile((1 - 0.375) / 6.25), first[3], 1e-6);
            assertEquals((float) Stats.normalQuantile((6 - 0.375) / 6.25), first[5], 1e-6);
            java.util.Set<Float> tied = new java.util.HashSet<>();
            for (int i : new int[] {0, 1, 2, 4}) {
                tied.add(first[i]);
            }
            assertEquals(4, tied.size(), "ties broken into distinct ranks");
        }
    }

    @Test
    void undoesPerPlateAffineDistortionsOfTheRealDahlinPlates() throws Exception {
        try (ProfileTable dahlin = ProfileFiles.read(TestData.example(TestData.DAHLIN))) {
            // distort: each plate gets its own positive scale and offset per feature
            SplittableRandom rnd = new SplittableRandom(7);
            Map<String, double[][]> affine = new HashMap<>();
            FeatureMatrix m = dahlin.matrix();
            int f = m.columns();
            FeatureMatrix.Builder b = FeatureMatrix.builder(f);
            float[] row = new float[f];
            for (int r = 0; r < m.rows(); r++) {
                String plate = dahlin.column("Plate").orElseThrow().text(r);
                double[][] ab = affine.computeIfAbsent(plate, k -> {
                    double[] a = new double[f];
                    double[] o = new double[f];
                    for (int j = 0; j < f; j++) {
                        a[j] = 0.2 + 5 * rnd.nextDouble();
                        o[j] = 10 * (rnd.nextDouble() - 0.5);
                    }
                    return new double[][] {a, o};
                });
                m.readRow(r, row, 0);
                for (int j = 0; j < f; j++) {
                    row[j] = (float) (row[j] * ab[0][j] + ab[1][j]);
                }
                b.appendRow(row);
            }
            NormalizeSettings s = dahlinAuthors().withClip(NormalizeSettings.Clip.NONE, 0, 0);
            try (ProfileTable distorted = dahlin.withFeatures(dahlin.features(), b.build());
                    NormalizeResult a = new Normalize().execute(s, dahlin, Progress.NONE);
                    NormalizeResult d = new Normalize().execute(s, distorted, Progress.NONE)) {
                double worst = 0;
                for (int r = 0; r < m.rows(); r++) {
                    float[] x = a.normalized().matrix().readRow(r);
                    float[] y = d.normalized().matrix().readRow(r);
                    for (int j = 0; j < f; j++) {
                        worst = Math.max(worst, Math.abs(x[j] - y[j]) / Math.max(1, Math.abs(x[j])));
                    }
                }
                // float32 storage of the distorted values limits agreement (offsets up to 5)
                assertTrue(worst < 2e-3, "max relative difference " + worst);
                // DMSO wells are centred: the per-plate median of every feature over controls is 0
                int[] controls = java.util.stream.IntStream.range(0, m.rows()).filter(r -> "Negative"
                        .equals(dahlin.column("Control Type").orElseThrow().text(r))
                        && "BR00110024".equals(dahlin.column("Plate").orElseThrow().text(r))).toArray();
                float[][] block = new float[1][controls.length];
                d.normalized().matrix().readColumnBlock(controls, 10, 1, block);
                assertEquals(0.0, Stats.median(block[0], block[0].length), 1e-4);
            }
        }
    }

    @Test
    void correlationSelectionDropsTheMoreRedundantMemberLikePycytominer() throws Exception {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 200;
        float[][] cols = new float[4][n];
        String[] plates = new String[n];
        for (int i = 0; i < n; i++) {
            plates[i] = "p";
            double a = rnd.nextGaussian();
            cols[0][i] = (float) a;                                   // A
            cols[1][i] = (float) (2 * a + 0.05 * rnd.nextGaussian()); // B ~ A, |r| > 0.9
            cols[2][i] = (float) (a + 1.2 * rnd.nextGaussian());      // C: moderately with A and B
            cols[3][i] = (float) rnd.nextGaussian();                  // D: independent
        }
        // expected: the member of (A, B) with the larger sum of |r| over all features; computed here in double
        double[][] r = new double[4][4];
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 4; y++) {
                r[x][y] = pearson(cols[x], cols[y]);
            }
        }
        double sumA = 0;
        double sumB = 0;
        for (int y = 0; y < 4; y++) {
            sumA += Math.abs(r[0][y]);
            sumB += Math.abs(r[1][y]);
        }
        assertTrue(Math.abs(r[0][1]) > 0.9 && Math.abs(r[0][2]) < 0.9 && Math.abs(r[1][2]) < 0.9);
        String expectedDrop = sumA > sumB ? "Cells_A" : "Cells_B";
        try (ProfileTable t = TestData.table(plates, null, new String[] {"Cells_A", "Cells_B", "Cells_C", "Cells_D"},
                cols)) {
            NormalizeSettings s = NormalizeSettings.authors(List.of("Metadata_Plate"), null, List.of())
                    .withReference(NormalizeSettings.Reference.ALL_WELLS, false)
                    .withMethod(NormalizeSettings.Method.NONE, false, 0).withClip(NormalizeSettings.Clip.NONE, 0, 0)
                    .withSelection(NormalizeSettings.NonFinite.ZERO, false, false, 0.9);
            try (NormalizeResult res = new Normalize().execute(s, t, Progress.NONE)) {
                List<String> expected = new ArrayList<>(List.of("Cells_A", "Cells_B", "Cells_C", "Cells_D"));
                expected.remove(expectedDrop);
                assertEquals(expected, res.normalized().features());
            }
        }
    }

    private static double pearson(float[] x, float[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void varianceFilterDropsNearConstantFeatures() throws Exception {
        int n = 100;
        float[][] cols = new float[2][n];
        String[] plates = new String[n];
        for (int i = 0; i < n; i++) {
            plates[i] = "p";
            cols[0][i] = i < 98 ? 1 : 2; // second most frequent / most frequent = 2/98 < 0.05
            cols[1][i] = i;
        }
        try (ProfileTable t = TestData.table(plates, null, new String[] {"Cells_Rare", "Cells_Ok"}, cols)) {
            NormalizeSettings s = NormalizeSettings.authors(List.of("Metadata_Plate"), null, List.of())
                    .withReference(NormalizeSettings.Reference.ALL_WELLS, false)
                    .withMethod(NormalizeSettings.Method.NONE, false, 0).withClip(NormalizeSettings.Clip.NONE, 0, 0)
                    .withSelection(NormalizeSettings.NonFinite.ZERO, false, true, Double.NaN);
            try (NormalizeResult res = new Normalize().execute(s, t, Progress.NONE)) {
                assertEquals(List.of("Cells_Ok"), res.normalized().features());
                assertTrue(res.report().column("reason").orElseThrow().text(0).startsWith("low_variance"));
            }
        }
    }

    @Test
    void arevaloPresetRunsOnTheDahlinPlates() throws Exception {
        try (ProfileTable dahlin = ProfileFiles.read(TestData.example(TestData.DAHLIN));
                NormalizeResult r = new Normalize().execute(
                        NormalizeSettings.arevalo(PLATE, "Control Type", List.of("Negative")), dahlin, Progress.NONE)) {
            assertEquals(1948, r.normalized().rowCount());
            int kept = r.normalized().features().size();
            assertTrue(kept > 50 && kept < 352, "kept " + kept);
            // after the inverse normal transform every kept feature has mean ~0 over all wells
            float[] c = r.normalized().matrix().readColumn(0);
            assertEquals(0.0, Stats.mean(c, c.length), 1e-3);
            // report row count = input features; dropped rows have reasons
            assertEquals(352, r.report().rowCount());
        }
    }
}

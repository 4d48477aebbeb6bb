package org.cellpaintr.engine.tests.correct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;
import org.cellpaintr.engine.tests.metrics.CsvTables;
import org.junit.jupiter.api.Test;

/**
 * Harmony against harmonypy's stored output on real JUMP wells (jump-profiling-recipe's test fixture: batch =
 * Metadata_Plate, nclust 300, max_iter_harmony 20). With numpy's random streams reproduced, the port gives the same
 * numbers, so the tolerance is the file's rounding, not the recipe's 0.1.
 */
class HarmonyTest {

    static final String DIR = "jump_recipe_fixtures/";

    @Test
    void reproducesHarmonypyOnTheJumpRecipeFixture() throws Exception {
        // the stored file has 9 significant digits; jump-profiling-recipe's own tolerance is 0.1
        double max = maxErrorOnFixture(HarmonyOptions.arevalo(), "float64");
        assertTrue(max < 1e-4, "max abs error " + max);
    }

    /**
     * float32 mode (Harmony's arrays and the k-means products in float32, no float64 checks): on this fixture it
     * still lands within the float64 test's tolerance (measured 3.3e-6), though it no longer guarantees harmonypy's
     * k-means decisions on every data set.
     */
    @Test
    void float32ModeStaysWithinTheFixtureTolerance() throws Exception {
        double max = maxErrorOnFixture(HarmonyOptions.arevalo().withFloat32(true), "float32");
        assertTrue(max < 1e-4, "max abs error " + max);
    }

    /**
     * The fast preset adds a single k-means++ start (harmonypy runs sklearn's 10), so its initial clusters are
     * another local optimum and the result is held to jump-profiling-recipe's own tolerance 0.1 (measured 0.043),
     * not to the stored file's rounding; a wrong correction is off by the size of the batch effects (~1).
     */
    @Test
    void fastPresetStaysWithinTheRecipeTolerance() throws Exception {
        double max = maxErrorOnFixture(HarmonyOptions.arevalo().fast(), "fast preset");
        assertTrue(max < 0.1, "max abs error " + max);
    }

    /**
     * With one cluster R is 1 for every cell, so Harmony's correction is the ridge regression of each feature on
     * the batch indicators (intercept unpenalised, lambda on each batch): for batch sizes n_b, sums S_b and
     * n = sum n_b, S = sum S_b, the normal equations n w0 + sum n_b w_b = S and n_b w0 + (n_b + lambda) w_b = S_b
     * give w0 = (S - sum n_b S_b / (n_b + lambda)) / (n - sum n_b^2 / (n_b + lambda)), w_b = (S_b - n_b w0) /
     * (n_b + lambda), and each cell of batch b is corrected to z - w_b. Cells of the two batches are interleaved,
     * so the batch grouping and the row block writing back are exercised too; both precisions are checked.
     */
    @Test
    void oneClusterIsTheRidgeRegressionOnTheBatches() throws Exception {
        double[][] z = {{1.0, 2.0}, {3.5, 1.0}, {2.0, 2.5}, {4.0, 3.0}, {1.5, 0.5}, {3.0, 4.0}, {2.5, 1.5}};
        String[] batch = {"a", "b", "a", "b", "a", "b", "b"};
        double lambda = 1;
        double[][] expected = new double[z.length][2];
        for (int j = 0; j < 2; j++) {
            double[] nb = new double[2];
            double[] sb = new double[2];
            for (int i = 0; i < z.length; i++) {
                int b = batch[i].equals("a") ? 0 : 1;
                nb[b]++;
                sb[b] += z[i][j];
            }
            double n = nb[0] + nb[1];
            double s = sb[0] + sb[1];
            double w0 = (s - nb[0] * sb[0] / (nb[0] + lambda) - nb[1] * sb[1] / (nb[1] + lambda))
                    / (n - nb[0] * nb[0] / (nb[0] + lambda) - nb[1] * nb[1] / (nb[1] + lambda));
            double[] w = {(sb[0] - nb[0] * w0) / (nb[0] + lambda), (sb[1] - nb[1] * w0) / (nb[1] + lambda)};
            for (int i = 0; i < z.length; i++) {
                expected[i][j] = z[i][j] - w[batch[i].equals("a") ? 0 : 1];
            }
        }
        for (boolean float32 : new boolean[] {false, true}) {
            HarmonyOptions o = HarmonyOptions.defaults().withClusters(1).withFloat32(float32);
            try (ProfileTable in = CombatTest.table(z, batch, null);
                    ProfileTable out = new CorrectBatchEffects().execute(CorrectionSettings.harmony("batch", o), in,
                            Progress.NONE)) {
                for (int i = 0; i < z.length; i++) {
                    for (int j = 0; j < 2; j++) {
                        // the output matrix is float32, so 1e-6 is its rounding at these magnitudes
                        assertEquals(expected[i][j], out.matrix().get(i, j), 1e-6,
                                "cell " + i + ", feature " + j + (float32 ? " (float32 mode)" : ""));
                    }
                }
            }
        }
    }

    static double maxErrorOnFixture(HarmonyOptions options, String label) throws Exception {
        try (ProfileTable in = CsvTables.read(CsvTables.example(DIR
                + "pipeline_1_trimmed_profiles_var_mad_int_featselect.csv.gz"), 4);
                ProfileTable expected = CsvTables.read(CsvTables.example(DIR
                        + "pipeline_1_trimmed_profiles_var_mad_int_featselect_harmony.csv.gz"), 4);
                ProfileTable out = new CorrectBatchEffects().execute(
                        CorrectionSettings.harmony("Metadata_Plate", options), in, Progress.NONE)) {
            assertEquals(expected.rowCount(), out.rowCount());
            TextColumn wellIn = (TextColumn) out.column("Metadata_Well").get();
            TextColumn wellExp = (TextColumn) expected.column("Metadata_Well").get();
            double max = 0;
            double sum = 0;
            int count = 0;
            for (int r = 0; r < out.rowCount(); r++) {
                assertEquals(wellExp.get(r), wellIn.get(r), "same well order");
                for (int j = 0; j < out.features().size(); j++) {
                    double diff = Math.abs(out.matrix().get(r, j) - expected.matrix().get(r, j));
                    max = Math.max(max, diff);
                    sum += diff;
                    count++;
                }
            }
            System.out.printf("Harmony (%s) vs harmonypy on %d wells x %d features: max abs error %.4g, mean abs"
                    + " error %.4g%n", label, out.rowCount(), out.features().size(), max, sum / count);
            return max;
        }
    }
}

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
        try (ProfileTable in = CsvTables.read(CsvTables.example(DIR
                + "pipeline_1_trimmed_profiles_var_mad_int_featselect.csv.gz"), 4);
                ProfileTable expected = CsvTables.read(CsvTables.example(DIR
                        + "pipeline_1_trimmed_profiles_var_mad_int_featselect_harmony.csv.gz"), 4);
                ProfileTable out = new CorrectBatchEffects().execute(
                        CorrectionSettings.harmony("Metadata_Plate", HarmonyOptions.arevalo()), in,
                        Progress.NONE)) {
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
            System.out.printf("Harmony vs harmonypy on %d wells x %d features: max abs error %.4g, mean abs error"
                    + " %.4g%n", out.rowCount(), out.features().size(), max, sum / count);
            // the stored file has 9 significant digits; jump-profiling-recipe's own tolerance is 0.1
            assertTrue(max < 1e-4, "max abs error " + max);
        }
    }
}

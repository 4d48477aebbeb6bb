package org.cellpaintr.benchmarks;

import java.nio.file.Path;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * Harmony on jump-profiling-recipe's fixture (batch = Metadata_Plate, nclust 300, 20 iterations) against the
 * stored harmonypy output: max and mean absolute error, per seed. Args: [first seed] [seeds] [k-means inits].
 * -Dfloat32=true: Harmony's float32 (fast) mode.
 */
public final class HarmonyFixture {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("cellpaintr.example.dir", "workflows/data"), "jump_recipe_fixtures");
        int first = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int inits = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        try (ProfileTable in = CsvGz.read(dir.resolve("pipeline_1_trimmed_profiles_var_mad_int_featselect.csv.gz"), 4);
                ProfileTable exp = CsvGz.read(Path.of(System.getProperty("expected", dir.resolve(
                        "pipeline_1_trimmed_profiles_var_mad_int_featselect_harmony.csv.gz").toString())), 4)) {
            for (int seed = first; seed < first + seeds; seed++) {
                long t0 = System.nanoTime();
                HarmonyOptions o = HarmonyOptions.arevalo().withSeed(seed).withKmeansInits(inits);
                if (Boolean.getBoolean("harmonypy009")) {
                    o = o.asHarmonypy009WithOldSklearn();
                }
                o = o.withFloat32(Boolean.getBoolean("float32"));
                try (ProfileTable out = new CorrectBatchEffects().execute(
                        CorrectionSettings.harmony("Metadata_Plate", o), in, new TimedProgress(seeds == 1))) {
                    double max = 0;
                    double sum = 0;
                    for (int r = 0; r < out.rowCount(); r++) {
                        for (int j = 0; j < out.features().size(); j++) {
                            double d = Math.abs(out.matrix().get(r, j) - exp.matrix().get(r, j));
                            max = Math.max(max, d);
                            sum += d;
                        }
                    }
                    System.out.printf("seed %d: max abs error %.3g, mean abs error %.3g, %.1f s%n", seed, max,
                            sum / (out.rowCount() * out.features().size()), (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }
}

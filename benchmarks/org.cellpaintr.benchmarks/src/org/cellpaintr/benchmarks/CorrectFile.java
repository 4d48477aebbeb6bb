package org.cellpaintr.benchmarks;

import java.nio.file.Path;
import java.util.List;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.correct.SpheringVariant;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * Corrects a CSV.gz profile file. Args: input metadataColumns method(combat|combat-np|harmony|sphering) column
 * [value] output. For combat/harmony the column is the batch; for sphering it is the control column and value the
 * negative-control value (epsilon from -Depsilon, default 1e-6).
 */
public final class CorrectFile {

    public static void main(String[] a) throws Exception {
        Path in = Path.of(a[0]);
        int meta = Integer.parseInt(a[1]);
        String method = a[2];
        CorrectionSettings s = switch (method) {
            case "combat" -> CorrectionSettings.combat(a[3], List.of(), true);
            case "combat-np" -> CorrectionSettings.combat(a[3], List.of(), false);
            case "harmony" -> CorrectionSettings.harmony(a[3], HarmonyOptions.arevalo());
            case "sphering" -> CorrectionSettings.sphering(a[3], a[4], SpheringVariant.ZCA_COR,
                    Double.parseDouble(System.getProperty("epsilon", "1e-6")));
            default -> throw new IllegalArgumentException("unknown method " + method);
        };
        Path out = Path.of(a[a.length - 1]);
        try (ProfileTable t = CsvGz.read(in, meta)) {
            long t0 = System.nanoTime();
            try (ProfileTable r = new CorrectBatchEffects().execute(s, t, new TimedProgress(false))) {
                System.out.printf("%s on %d x %d: %.2f s%n", method, t.rowCount(), t.features().size(),
                        (System.nanoTime() - t0) / 1e9);
                ProfileFiles.write(r, out);
            }
        }
    }
}

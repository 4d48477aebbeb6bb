package org.cellpaintr.model.trainstage;

import java.util.Arrays;

import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.embed.SourceSensitivity;

/**
 * The training wells on which Train Stage measures {@link SourceSensitivity} after every epoch: at most
 * {@link #ROWS} evenly spaced training rows, read once.
 */
final class SensitivitySample {

    static final int ROWS = 256;

    private final float[][] rows;
    private final String[] sources;

    private SensitivitySample(float[][] rows, String[] sources) {
        this.rows = rows;
        this.sources = sources;
    }

    /** null when the training rows come from fewer than two sources (nothing to swap). */
    static SensitivitySample of(ProfileTable table, int[] trainRows, String[] sourceOfRow) {
        if (Arrays.stream(trainRows).mapToObj(r -> sourceOfRow[r]).distinct().count() < 2) {
            return null;
        }
        int n = Math.min(ROWS, trainRows.length);
        float[][] x = new float[n][table.features().size()];
        String[] s = new String[n];
        for (int k = 0; k < n; k++) {
            int r = trainRows[(int) ((long) k * trainRows.length / n)];
            table.matrix().readRow(r, x[k], 0);
            s[k] = sourceOfRow[r];
        }
        return new SensitivitySample(x, s);
    }

    SourceSensitivity.Result measure(CellPainTRModel model) {
        return SourceSensitivity.measure(model, rows, sources, ROWS);
    }
}

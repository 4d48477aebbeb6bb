package org.cellpaintr.cli;

import java.util.Locale;

import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;

/** Short printed checks of a result. */
final class ControlSummary {

    private ControlSummary() {
    }

    /**
     * Median |value| over control wells and over the other wells: after normalisation against controls the controls
     * sit near 0 and treated wells further out.
     */
    static String controlSummary(ProfileTable t, String controlColumn, String controlValue) {
        MetadataColumn c = t.column(controlColumn).orElseThrow();
        FeatureMatrix m = t.matrix();
        double[] sum = new double[2];
        long[] count = new long[2];
        float[] row = new float[m.columns()];
        for (int r = 0; r < m.rows(); r++) {
            int k = controlValue.equals(c.text(r)) ? 0 : 1;
            m.readRow(r, row, 0);
            for (float v : row) {
                sum[k] += Math.abs(v);
            }
            count[k] += row.length;
        }
        return String.format(Locale.ROOT, "   mean |value|: control wells %.3f, other wells %.3f", sum[0] / count[0],
                sum[1] / count[1]);
    }
}

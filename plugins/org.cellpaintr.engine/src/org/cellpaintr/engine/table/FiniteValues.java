package org.cellpaintr.engine.table;

/**
 * The check that every feature value is a finite number, with the message every operation uses. Rows are numbered as
 * everywhere in the project's messages: the table's data rows from 1 (the header is not a row), whatever rows an
 * operation later selects.
 */
public final class FiniteValues {

    private FiniteValues() {
    }

    /** @throws SettingsException naming the first missing or infinite value by feature and row */
    public static void require(ProfileTable t, String why) throws SettingsException {
        FeatureMatrix m = t.matrix();
        float[] row = new float[m.columns()];
        for (int r = 0; r < m.rows(); r++) {
            m.readRow(r, row, 0);
            for (int j = 0; j < row.length; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new SettingsException("input", "feature '" + t.features().get(j) + "' is missing or "
                            + "infinite in row " + (r + 1) + "; " + why);
                }
            }
        }
    }
}

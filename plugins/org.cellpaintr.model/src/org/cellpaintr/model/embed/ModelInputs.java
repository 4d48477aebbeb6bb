package org.cellpaintr.model.embed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.FeatureVocabulary;

/**
 * Checks shared by every operation that feeds a table to a model (Embed, Train Stage): the feature columns must be
 * the model's vocabulary in its order, and every value must be finite.
 */
public final class ModelInputs {

    private ModelInputs() {
    }

    /**
     * The table's features must equal the vocabulary, name for name and in order; otherwise the message says what
     * is missing or extra and points to Intersect Features, which produces exactly that layout.
     */
    public static void requireVocabulary(ProfileSchema schema, FeatureVocabulary vocabulary) throws SettingsException {
        List<String> have = schema.features();
        List<String> want = vocabulary.names();
        if (have.equals(want)) {
            return;
        }
        Set<String> haveSet = new HashSet<>(have);
        Set<String> wantSet = new HashSet<>(want);
        List<String> missing = new ArrayList<>();
        for (String w : want) {
            if (!haveSet.contains(w)) {
                missing.add(w);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String h : have) {
            if (!wantSet.contains(h)) {
                extra.add(h);
            }
        }
        String problem;
        if (missing.isEmpty() && extra.isEmpty()) {
            problem = "the feature columns are the model's " + want.size() + " features but in another order";
        } else {
            problem = missing.size() + " of the model's " + want.size() + " features are missing" + examples(missing)
                    + " and " + extra.size() + " feature columns are not in the model" + examples(extra);
        }
        throw new SettingsException("features", problem
                + "; align the table to the model first with Intersect Features (model as the reference)");
    }

    private static String examples(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        return " (e.g. " + String.join(", ", names.subList(0, Math.min(3, names.size()))) + ")";
    }

    /** Every feature value must be finite; the message names up to five rows and columns. */
    public static void requireFinite(ProfileTable table) throws SettingsException {
        FeatureMatrix m = table.matrix();
        float[] row = new float[m.columns()];
        List<String> bad = new ArrayList<>();
        long count = 0;
        for (int r = 0; r < m.rows(); r++) {
            m.readRow(r, row, 0);
            for (int j = 0; j < row.length; j++) {
                if (!Float.isFinite(row[j])) {
                    count++;
                    if (bad.size() < 5) {
                        bad.add("row " + (r + 1) + " column '" + table.features().get(j) + "' = " + row[j]);
                    }
                }
            }
        }
        if (count > 0) {
            throw new SettingsException("features", count + " NaN or infinite feature values, e.g. "
                    + String.join("; ", bad) + "; normalise with Normalize (NaN/inf -> 0) or drop those wells");
        }
    }

    /** The table must have rows. */
    public static void requireRows(ProfileTable table) throws SettingsException {
        if (table.rowCount() == 0) {
            throw new SettingsException("input", "the table has no rows");
        }
    }
}

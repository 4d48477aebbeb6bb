package org.cellpaintr.engine.settings;

import java.util.List;

import org.cellpaintr.engine.table.SettingsException;

/**
 * The keys that say which column plays which role, shared by every operation so that control wells, plates,
 * sources and labels are described the same way in Normalize, Train Stage, Batch Correct and Score (and by the
 * command line options of the same names).
 */
public final class RoleKeys {

    /** Column(s) whose values identify a plate. */
    public static final String PLATE_COLUMN = "plate-column";
    /** Column that marks control wells. */
    public static final String CONTROL_COLUMN = "control-column";
    /** Value(s) of the control column that mark a negative-control well (e.g. DMSO). */
    public static final String CONTROL_VALUE = "control-value";
    /** Column naming each well's data source. */
    public static final String SOURCE_COLUMN = "source-column";
    /** One source name for every well (instead of a source column). */
    public static final String SOURCE = "source";
    /** Compound (perturbation) label column. */
    public static final String LABEL_COLUMN = "label-column";
    /** Batch column (batch correction and its scoring). */
    public static final String BATCH_COLUMN = "batch-column";
    /** Well position column. */
    public static final String WELL_COLUMN = "well-column";

    private RoleKeys() {
    }

    /**
     * Negative-control wells: a column and the values that mark them.
     *
     * @param column the control column, or null when there are no controls
     * @param values the negative-control values (empty when {@code column} is null)
     */
    public record Controls(String column, List<String> values) {

        public Controls {
            column = column == null || column.isBlank() ? null : column;
            values = values == null ? List.of() : List.copyOf(values);
        }

        public static final Controls NONE = new Controls(null, List.of());

        /** The single negative-control value an operation that takes one needs; the message names the key. */
        public String single() throws SettingsException {
            if (values.size() != 1) {
                throw new SettingsException(CONTROL_VALUE, "give exactly one negative-control value, got " + values);
            }
            return values.get(0);
        }
    }

    public static Controls controls(SettingsTree t) throws SettingsException {
        return new Controls(t.optionalString(CONTROL_COLUMN), t.strings(CONTROL_VALUE));
    }

    public static void putControls(SettingsTree t, Controls c) {
        t.put(CONTROL_COLUMN, c.column());
        t.put(CONTROL_VALUE, c.values());
    }

    /**
     * The one plate column of an operation that takes one. The key holds a list everywhere because Normalize
     * accepts several columns that together identify a plate.
     */
    public static String singlePlate(SettingsTree t) throws SettingsException {
        java.util.List<String> p = t.strings(PLATE_COLUMN);
        if (p.size() != 1 || p.get(0) == null || p.get(0).isBlank()) {
            throw new SettingsException(PLATE_COLUMN, "choose exactly one plate column, got " + p);
        }
        return p.get(0);
    }

    /** Puts a column role; null means "not chosen". */
    public static void putColumn(SettingsTree t, String key, String column) {
        t.put(key, column == null || column.isBlank() ? null : column);
    }
}

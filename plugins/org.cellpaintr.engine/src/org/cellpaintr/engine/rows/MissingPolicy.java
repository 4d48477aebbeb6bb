package org.cellpaintr.engine.rows;

import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;

/**
 * What a missing cell in a feature column becomes when a row table (a KNIME table) is turned into a profile table.
 * Files have no such choice: their readers read an empty field as NaN, which is {@link #NAN}, the default, so the
 * operation's own setting (Normalize's non-finite handling; Train Stage and Embed refuse non-finite input) decides.
 */
public enum MissingPolicy {
    /** NaN: the operation's own non-finite handling decides. */
    NAN,
    /** 0, the value Intersect Features pads missing features with. */
    ZERO,
    /** Refuse the table, naming the row and column. */
    FAIL;

    /** Its key in a node's settings (node only: files have no missing cells to decide about). */
    public static final String KEY = org.cellpaintr.engine.settings.NodeOnlyKeys.MISSING_FEATURES;

    public static MissingPolicy read(SettingsTree t) throws SettingsException {
        return t.choice(KEY, MissingPolicy.class);
    }

    public void put(SettingsTree t) {
        t.put(KEY, SettingsTree.spell(this));
    }
}

package org.cellpaintr.engine.settings;

import org.cellpaintr.engine.table.SettingsException;

/**
 * The saved form of one operation's settings record: its keys with their defaults, and the conversions both ways.
 * A KNIME node saves {@link #encode} and loads through {@link #decode}; the command line reads the same keys from a
 * file with {@code --settings}.
 *
 * @param <S> the settings record
 */
public interface SettingsCodec<S> {

    /** The layout version written now; a later layout change raises it and migrates older trees in decode. */
    int version();

    /** Every key with its default value, including {@link SettingsTree#VERSION_KEY}. */
    SettingsTree defaults();

    /** The settings from a saved tree (absent keys take their defaults), validated: the message names the key. */
    S decode(SettingsTree saved) throws SettingsException;

    /** The full saved form of the settings. */
    SettingsTree encode(S settings);

    /** The saved tree completed with defaults; refuses trees written by a newer layout and unknown keys. */
    default SettingsTree complete(SettingsTree saved) throws SettingsException {
        if (saved.version() > version()) {
            throw new SettingsException(SettingsTree.VERSION_KEY, "written by a newer CellPainTR (settings version "
                    + saved.version() + "; this version reads up to " + version() + ")");
        }
        return saved.over(defaults());
    }

    /** A new tree holding just the version, for {@link #defaults} and {@link #encode}. */
    default SettingsTree versioned() {
        return new SettingsTree().put(SettingsTree.VERSION_KEY, version());
    }
}

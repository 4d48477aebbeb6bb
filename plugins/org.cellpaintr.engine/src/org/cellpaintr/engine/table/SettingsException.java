package org.cellpaintr.engine.table;

/**
 * A setting that cannot be used with the given input. The message always names the setting, so that the KNIME
 * dialog and the command line can point the user at what to change.
 */
public class SettingsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String setting;

    public SettingsException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}

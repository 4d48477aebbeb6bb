// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node;

public class InvalidSettingsException extends Exception {

    public InvalidSettingsException(final String s) {
        throw new UnsupportedOperationException();
    }

    public InvalidSettingsException(final String msg, final Throwable cause) {
        throw new UnsupportedOperationException();
    }
}

// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node;

public class NotConfigurableException extends Exception {

    public NotConfigurableException(final String message) {
        throw new UnsupportedOperationException();
    }
}

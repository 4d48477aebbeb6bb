// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node;

public class CanceledExecutionException extends Exception {

    public CanceledExecutionException() {
        throw new UnsupportedOperationException();
    }

    public CanceledExecutionException(final String message) {
        throw new UnsupportedOperationException();
    }
}

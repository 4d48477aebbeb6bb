// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node;

public class ExecutionMonitor {

    public void checkCanceled() throws CanceledExecutionException {
        throw new UnsupportedOperationException();
    }

    public void setProgress(final double progress, final String message) {
        throw new UnsupportedOperationException();
    }
}

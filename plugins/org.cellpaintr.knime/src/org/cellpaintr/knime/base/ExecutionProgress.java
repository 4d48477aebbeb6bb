package org.cellpaintr.knime.base;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionMonitor;

/** An operation's progress and cancellation on a KNIME execution monitor. */
final class ExecutionProgress implements Progress {

    private final ExecutionMonitor exec;

    ExecutionProgress(ExecutionMonitor exec) {
        this.exec = exec;
    }

    @Override
    public void report(double fraction, String message) {
        exec.setProgress(Math.max(0, Math.min(1, fraction)), message);
    }

    @Override
    public void checkCanceled() throws CanceledException {
        try {
            exec.checkCanceled();
        } catch (CanceledExecutionException e) {
            throw new CanceledException();
        }
    }
}

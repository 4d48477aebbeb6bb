package org.cellpaintr.cli;

import java.io.PrintStream;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;

/** Progress on stderr, at most one line a second, so long steps show they are alive without flooding logs. */
final class StderrProgress implements Progress {

    private final PrintStream err;
    private final String step;
    private long lastPrint;

    StderrProgress(PrintStream err, String step) {
        this.err = err;
        this.step = step;
    }

    @Override
    public void report(double fraction, String message) {
        long now = System.nanoTime();
        if (now - lastPrint > 1_000_000_000L || fraction >= 1) {
            lastPrint = now;
            err.printf(java.util.Locale.ROOT, "[%s %3.0f%%] %s%n", step, 100 * fraction, message);
        }
    }

    @Override
    public void checkCanceled() throws CanceledException {
        if (Thread.currentThread().isInterrupted()) {
            throw new CanceledException();
        }
    }
}

package org.cellpaintr.benchmarks;

import org.cellpaintr.engine.op.Progress;

/** Prints each progress message once with the seconds since start (for benchmarks). */
public final class TimedProgress implements Progress {

    private final long start = System.nanoTime();
    private final boolean verbose;
    private final boolean everyMessage;
    private String last = "";

    public TimedProgress(boolean verbose) {
        this(verbose, false);
    }

    /** everyMessage: also each numbered step (e.g. every Harmony iteration), not only the first of a kind. */
    public TimedProgress(boolean verbose, boolean everyMessage) {
        this.verbose = verbose;
        this.everyMessage = everyMessage;
    }

    @Override
    public void report(double fraction, String message) {
        String head = everyMessage ? message : message.replaceAll("[0-9/]+$", "");
        if (verbose && !head.equals(last)) {
            System.err.printf("%8.2f s  %s%n", (System.nanoTime() - start) / 1e9, message);
            last = head;
        }
    }

    @Override
    public void checkCanceled() {
    }
}

package org.cellpaintr.engine.op;

/**
 * Progress reporting and cancellation for a long operation. The command line prints it to stderr; a KNIME node
 * model is meant to adapt its ExecutionMonitor to it; operations call {@link #checkCanceled()} at least once per
 * unit of work.
 */
public interface Progress {

    /** Reports the fraction done (0..1) and what is being done now. */
    void report(double fraction, String message);

    /** Throws if the user asked to stop. */
    void checkCanceled() throws CanceledException;

    /** A sub-range [from, to] of this progress, so nested steps can report 0..1 of their own. */
    default Progress sub(double from, double to) {
        Progress parent = this;
        return new Progress() {
            @Override
            public void report(double fraction, String message) {
                parent.report(from + (to - from) * Math.max(0, Math.min(1, fraction)), message);
            }

            @Override
            public void checkCanceled() throws CanceledException {
                parent.checkCanceled();
            }
        };
    }

    /** Ignores progress and never cancels. */
    Progress NONE = new Progress() {
        @Override
        public void report(double fraction, String message) {
        }

        @Override
        public void checkCanceled() {
        }
    };
}

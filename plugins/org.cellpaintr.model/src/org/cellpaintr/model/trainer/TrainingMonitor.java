package org.cellpaintr.model.trainer;

/** Progress reporting and cancellation, consulted by the trainer at every step. */
public interface TrainingMonitor {

    /** Called after every step with the fraction done (0..1) and a short message (epoch, step, loss). */
    void progress(double fraction, String message);

    /** Polled before every step; true stops training with {@link TrainingCancelledException}. */
    boolean cancelled();

    /** Receives every log row as it is produced (default: nothing). */
    default void log(LogRow row) {
    }

    /** A monitor that reports nothing and never cancels. */
    static TrainingMonitor silent() {
        return new TrainingMonitor() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
    }
}

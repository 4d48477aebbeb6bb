package org.cellpaintr.model.trainer;

/** The monitor asked to stop; the last epoch checkpoint (if any) is intact and resumable. */
public final class TrainingCancelledException extends TrainingException {

    private static final long serialVersionUID = 1L;

    public TrainingCancelledException(String message) {
        super(message);
    }
}

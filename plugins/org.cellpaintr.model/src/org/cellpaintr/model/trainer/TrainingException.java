package org.cellpaintr.model.trainer;

/** Training could not start or had to stop (bad input, too many non-finite batches). */
public class TrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}

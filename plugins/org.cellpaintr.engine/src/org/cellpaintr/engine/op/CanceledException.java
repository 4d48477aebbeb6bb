package org.cellpaintr.engine.op;

/** The user stopped an operation; nothing it would have written was written. */
public class CanceledException extends Exception {

    private static final long serialVersionUID = 1L;

    public CanceledException() {
        super("canceled by the user");
    }
}

package org.cellpaintr.model.archive;

import java.io.IOException;

/** A model archive that cannot be read: not an archive, truncated, corrupted, or from a newer format. */
public final class ArchiveFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ArchiveFormatException(String message) {
        super(message);
    }

    public ArchiveFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.cellpaintr.engine.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file that cannot be read as a profile table. The message names the file and, where known, line and column. */
public class ProfileFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ProfileFormatException(Path file, String problem) {
        super("file '" + file + "': " + problem);
    }

    public ProfileFormatException(Path file, String problem, Throwable cause) {
        super("file '" + file + "': " + problem, cause);
    }
}

package org.cellpaintr.engine.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The temporary files that exist right now in this JVM: the {@code .NAME.*.partial} files of {@link AtomicFiles} and
 * the {@code .NAME.lock} files of {@link OutputLock}.
 *
 * <p>Why: error and cancel paths delete their own temporary file in a {@code finally}, but an interrupt (Ctrl-C,
 * SIGTERM) ends the JVM without running those blocks; a shutdown hook calls {@link #deleteAll()} so that no hidden
 * partial file is left behind.
 */
public final class TemporaryFiles {

    private static final Set<Path> LIVE = new LinkedHashSet<>();

    private TemporaryFiles() {
    }

    static synchronized void register(Path file) {
        LIVE.add(file);
    }

    static synchronized void release(Path file) {
        LIVE.remove(file);
    }

    /** The temporary files that exist now. */
    public static synchronized List<Path> live() {
        return new ArrayList<>(LIVE);
    }

    /** Deletes every registered temporary file (best effort); returns those deleted. */
    public static synchronized List<Path> deleteAll() {
        List<Path> deleted = new ArrayList<>();
        for (Path p : LIVE) {
            try {
                if (Files.deleteIfExists(p)) {
                    deleted.add(p);
                }
            } catch (IOException e) {
                // best effort at shutdown: nothing else can be done with the failure
            }
        }
        LIVE.clear();
        return deleted;
    }
}

package org.cellpaintr.engine.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.table.SettingsException;

/**
 * An exclusive lock on a run's outputs (for example a model and its checkpoint) for the whole run.
 *
 * <p>Why: two runs writing the same output at once would both report success while one result is lost (and both
 * would resume from and overwrite one checkpoint). The lock is an OS file lock ({@link FileChannel#tryLock()}) on a
 * hidden file {@code .NAME.lock} next to each output, so it also holds between processes and is released by the OS
 * when a process dies. The lock file is deleted when the lock is released, or by the exit hook on an interrupt
 * ({@link TemporaryFiles}).
 */
public final class OutputLock implements AutoCloseable {

    private final List<Held> held = new ArrayList<>();

    private record Held(Path file, FileChannel channel, FileLock lock) {
    }

    private OutputLock() {
    }

    /** The lock file of an output. */
    public static Path lockFileOf(Path output) {
        Path abs = output.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    /**
     * Locks every non-null output, or none.
     *
     * @throws SettingsException when another run holds one of them (the setting named is {@code role} of that output)
     */
    public static OutputLock acquire(String role, Path... outputs) throws SettingsException, IOException {
        OutputLock l = new OutputLock();
        try {
            for (Path out : outputs) {
                if (out == null) {
                    continue;
                }
                Path file = lockFileOf(out);
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    ch.close();
                    throw new SettingsException(role, "'" + out + "' is being written by another run (lock "
                            + file + "); wait for it to finish or choose another file");
                }
                l.held.add(new Held(file, ch, lock));
                TemporaryFiles.register(file); // an interrupt ends the run without close(): the exit hook deletes it
            }
            return l;
        } catch (SettingsException | IOException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    @Override
    public void close() {
        for (Held h : held) {
            try {
                // delete while still holding the lock, so no other run can take a lock on a file about to vanish
                Files.deleteIfExists(h.file());
                TemporaryFiles.release(h.file());
                h.lock().release();
                h.channel().close();
            } catch (IOException e) {
                // the OS releases the lock when the channel or the process goes
            }
        }
        held.clear();
    }
}

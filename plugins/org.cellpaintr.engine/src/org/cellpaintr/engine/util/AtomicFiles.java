package org.cellpaintr.engine.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old content or the complete new content, never half a file:
 * write a temporary file next to the target, then rename it over the target.
 */
public final class AtomicFiles {

    /** Writes to the given (temporary) path. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path temporary) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Checks up front that {@code target} can be written, so that a long computation does not end in a failed
     * write. The message names the path and the reason.
     */
    public static void checkWritable(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write '" + target + "': folder '" + dir + "' does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("cannot write '" + target + "': folder '" + dir + "' is not writable");
        }
        if (Files.isDirectory(abs)) {
            throw new IOException("cannot write '" + target + "': it is a folder");
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new IOException("cannot write '" + target + "': the existing file is read-only");
        }
    }

    /**
     * Writes bytes atomically and forces them to disk before the rename, creating missing parent folders (model
     * archives and checkpoints: a crash must leave the previous file or the complete new one).
     */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        write(target, tmp -> {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        });
    }

    /**
     * Writes through {@code writer} into a temporary file {@code .NAME.RANDOM.partial} next to the target, then
     * renames it over the target. The temporary file is deleted on every error or cancellation, and at JVM shutdown
     * (interrupt) through {@link TemporaryFiles}. Permissions: a new file gets the ones the process's umask gives
     * (the temporary file is created without explicit permissions); a replaced file keeps its own.
     */
    public static void write(Path target, Writer writer) throws IOException {
        checkWritable(target);
        Path abs = target.toAbsolutePath();
        Path tmp = createTemporary(abs, target);
        boolean done = false;
        try {
            writer.writeTo(tmp);
            keepPermissions(abs, tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
            TemporaryFiles.release(tmp);
        }
    }

    /**
     * Creates the temporary file with the default permissions (0666 less the umask): {@code Files.createTempFile}
     * would force 0600, and the rename would carry that mode to the output.
     */
    private static Path createTemporary(Path abs, Path target) throws IOException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toUnsignedString(random.nextLong(), 36)
                    + ".partial");
            try {
                Files.createFile(tmp);
                TemporaryFiles.register(tmp);
                return tmp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another name
            } catch (AccessDeniedException e) {
                throw new IOException("cannot write '" + target + "': permission denied", e);
            }
        }
        throw new IOException("cannot write '" + target + "': no free temporary name next to it");
    }

    /** A replaced file keeps its permissions (where the file system has POSIX permissions). */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        if (Files.exists(target) && Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        }
    }
}

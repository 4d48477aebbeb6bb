package org.cellpaintr.engine.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cellpaintr.engine.table.SettingsException;

/**
 * Checks, before any work, that the files of one run are distinct and that every output can be written.
 *
 * <p>Why: an output written over an input (or over another output) destroys data that the run still needs or that the
 * user meant to keep. Paths are compared by their canonical form (links resolved, {@code ./} and {@code ..}
 * removed; for a file that does not exist yet, its canonical folder plus its name), so a link or another spelling of
 * the same file counts as the same file. Shared by the command line and the KNIME nodes.
 */
public final class OutputGuard {

    private final Map<String, Path> inputs = new LinkedHashMap<>();
    private final Map<String, Path> outputs = new LinkedHashMap<>();

    /** Adds an input under the name of its role (for example "--input"); null paths are ignored. */
    public OutputGuard input(String role, Path file) {
        if (file != null) {
            inputs.put(role, file);
        }
        return this;
    }

    /** Adds an output under the name of its role; null paths are ignored. */
    public OutputGuard output(String role, Path file) {
        if (file != null) {
            outputs.put(role, file);
        }
        return this;
    }

    /**
     * @throws SettingsException when two roles name one file (the setting named is the later role)
     * @throws IOException when an output's folder is missing or not writable, or the output is a folder or read-only
     */
    public void check() throws SettingsException, IOException {
        Map<Path, String> seen = new LinkedHashMap<>();
        Map<String, Path> all = new LinkedHashMap<>(inputs);
        all.putAll(outputs);
        for (Map.Entry<String, Path> e : all.entrySet()) {
            Path canonical = canonical(e.getValue());
            String earlier = seen.putIfAbsent(canonical, e.getKey());
            if (earlier != null) {
                throw new SettingsException(e.getKey(), "'" + e.getValue() + "' is the same file as " + earlier
                        + " ('" + all.get(earlier) + "'); give each role its own file");
            }
        }
        for (Path out : outputs.values()) {
            AtomicFiles.checkWritable(out);
        }
    }

    /** The canonical form of a path that may not exist yet. */
    public static Path canonical(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            return abs.toRealPath();
        }
        Path parent = abs.getParent();
        if (parent != null && Files.exists(parent)) {
            return parent.toRealPath().resolve(abs.getFileName());
        }
        return abs;
    }
}

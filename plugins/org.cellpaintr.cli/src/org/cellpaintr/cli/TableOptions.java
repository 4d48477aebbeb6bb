package org.cellpaintr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.io.ProfileFormatException;
import org.cellpaintr.engine.util.OutputGuard;

/** Options every command that reads a profile table shares: which columns are features. */
final class TableOptions {

    static final Set<String> VALUE_OPTIONS = Set.of("feature-include", "feature-exclude", "feature-pattern");

    static final String HELP = ""
            + "  --settings FILE          options from a settings file: a KNIME node's settings.xml (same keys as\n"
            + "                           these options); options given here win\n"
            + "  --feature-include COLS   exactly these columns are features (comma-separated or repeated)\n"
            + "  --feature-exclude COLS   these columns are never features\n"
            + "  --feature-pattern REGEX  features are the columns whose whole name matches REGEX (Java regex,\n"
            + "                           full match: 'Cells_' matches nothing, 'Cells_.*' every Cells_ column)\n"
            + "                           (default: CellProfiler names, Cells_/Cytoplasm_/Nuclei_/Image_...;\n"
            + "                            embedding columns emb_0, emb_1, ... when there is no CellProfiler column;\n"
            + "                            Metadata_* columns are always metadata)\n";

    private TableOptions() {
    }

    static FeatureColumnRule rule(Args a) throws SettingsException {
        FeatureColumnRule rule = new FeatureColumnRule(a.all("feature-include", List.of()),
                a.all("feature-exclude", List.of()), a.get("feature-pattern", null));
        rule.validate();
        return rule;
    }

    static ProfileTable read(Path file, FeatureColumnRule rule, PrintStream err) throws IOException, CanceledException {
        ProfileTable t = ProfileFiles.read(file, rule, new StderrProgress(err, "read"));
        err.println("read " + file + ": " + t.rowCount() + " rows, " + t.metadata().size() + " metadata columns, "
                + t.features().size() + " features");
        return t;
    }

    static void write(ProfileTable t, Path file, PrintStream err) throws IOException, CanceledException {
        ProfileFiles.write(t, file, new StderrProgress(err, "write"));
        err.println("wrote " + file);
    }

    /** The checks of one command's files, done before any work (see {@link Guard}). */
    static Guard guard() {
        return new Guard();
    }

    /**
     * The engine's {@link OutputGuard} (distinct files, writable outputs) plus, for table outputs, a known file
     * ending, so that an unusable output name fails before the computation rather than after it.
     */
    static final class Guard {
        private final OutputGuard guard = new OutputGuard();
        private final Map<String, Path> tables = new LinkedHashMap<>();

        Guard input(String role, Path file) {
            guard.input(role, file);
            return this;
        }

        Guard output(String role, Path file) {
            guard.output(role, file);
            return this;
        }

        Guard tableOutput(String role, Path file) {
            if (file != null) {
                tables.put(role, file);
            }
            guard.output(role, file);
            return this;
        }

        void check() throws SettingsException, IOException {
            guard.check();
            for (Map.Entry<String, Path> t : tables.entrySet()) {
                try {
                    ProfileFiles.formatOf(t.getValue());
                } catch (ProfileFormatException e) {
                    throw new SettingsException(t.getKey(), e.getMessage());
                }
            }
        }
    }
}

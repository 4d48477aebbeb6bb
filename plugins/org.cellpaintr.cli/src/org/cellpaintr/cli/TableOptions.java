package org.cellpaintr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.util.AtomicFiles;

/** Options every command that reads a profile table shares: which columns are features. */
final class TableOptions {

    static final Set<String> VALUE_OPTIONS = Set.of("feature-include", "feature-exclude", "feature-pattern");

    static final String HELP = ""
            + "  --settings FILE          options from a settings file: a KNIME node's settings.xml (same keys as\n"
            + "                           these options); options given here win\n"
            + "  --feature-include COLS   exactly these columns are features (comma-separated or repeated)\n"
            + "  --feature-exclude COLS   these columns are never features\n"
            + "  --feature-pattern REGEX  features are the columns whose name matches REGEX\n"
            + "                           (default: CellProfiler names, Cells_/Cytoplasm_/Nuclei_/Image_...;\n"
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

    /** Fails before any work when an output cannot be written. */
    static void checkOutputs(Path... outputs) throws IOException {
        for (Path p : outputs) {
            if (p != null) {
                AtomicFiles.checkWritable(p);
            }
        }
    }
}

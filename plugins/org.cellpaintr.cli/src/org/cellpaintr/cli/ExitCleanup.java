package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.cellpaintr.engine.util.TemporaryFiles;

/**
 * What an interrupted command does on its way out (Ctrl-C, SIGTERM): delete the temporary files of outputs being
 * written and say "cancelled" on stderr. Outputs are written to a temporary file and renamed, so an interrupt never
 * leaves half a result; without this hook it would leave the hidden {@code .NAME.*.partial} file.
 */
public final class ExitCleanup {

    private final PrintStream err;
    private volatile boolean finished;

    private ExitCleanup(PrintStream err) {
        this.err = err;
    }

    /** Registers the shutdown hook for this JVM. */
    static ExitCleanup install(PrintStream err) {
        ExitCleanup c = new ExitCleanup(err);
        Runtime.getRuntime().addShutdownHook(new Thread(c::onExit, "cellpaintr-exit-cleanup"));
        return c;
    }

    /** The command returned normally: exiting is not an interrupt. */
    void finished() {
        finished = true;
    }

    /** Runs at JVM exit: removes temporary files, and reports an interrupt. */
    public void onExit() {
        List<Path> removed = TemporaryFiles.deleteAll().stream()
                .filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
        if (!finished) {
            err.println("cellpaintr: cancelled" + (removed.isEmpty() ? "" : "; removed " + removed.size()
                    + " unfinished output file(s)") + "; completed outputs and the last checkpoint are kept");
            err.flush();
        }
    }

    /** For tests: the hook's work without a JVM exit. */
    public static ExitCleanup forTest(PrintStream err) {
        return new ExitCleanup(err);
    }
}

package org.cellpaintr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.table.SettingsException;

/**
 * The {@code cellpaintr} command: one subcommand per engine operation (the operations the KNIME nodes are to call).
 * Exit codes (docs/command-line.md): 0 success; 1 a file could not be read or written (missing, unreadable,
 * malformed, not writable); 2 a usage, settings or data error (an option, a column, values the operation cannot use,
 * two roles on one file, an output locked by another run, a checkpoint of another run); 130 cancelled.
 */
public final class CellPainTR {

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public CellPainTR() {
        for (Command c : List.of(new NormalizeCommand(), new IntersectCommand(), new CorrectCommand(),
                new TrainCommand(), new EmbedCommand(), new ProxyCommand(), new ScoreCommand(), new ReportCommand(),
                new ExampleCommand())) {
            commands.put(c.name(), c);
        }
    }

    public static void main(String[] args) {
        // The command line never opens a window; headless AWT lets the report's charts render without a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ExitCleanup cleanup = ExitCleanup.install(System.err);
        int code = new CellPainTR().run(args, System.out, System.err);
        cleanup.finished();
        System.exit(code);
    }

    /** Runs a command line and returns its exit code; never calls System.exit (tests call this). */
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        Command c = commands.get(args[0]);
        if (c == null) {
            err.println("cellpaintr: error: unknown command '" + args[0] + "'; commands: " + commands.keySet());
            return 2;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                out.print(c.help());
                return 0;
            }
        }
        try {
            return c.run(args, out, err);
        } catch (Args.UsageException | SettingsException | IllegalArgumentException e) {
            err.println("cellpaintr " + c.name() + ": error: " + e.getMessage());
            err.println("(see: cellpaintr " + c.name() + " --help)");
            return 2;
        } catch (CanceledException e) {
            err.println("cellpaintr " + c.name() + ": canceled; nothing was written");
            return 130;
        } catch (IOException e) {
            err.println("cellpaintr " + c.name() + ": error: " + oneLine(e));
            return 1;
        } catch (Exception | OutOfMemoryError e) {
            err.println("cellpaintr " + c.name() + ": failed: " + oneLine(e));
            return 1;
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException nsf) {
            return "file '" + nsf.getFile() + "' does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: '" + m + "'";
        }
        return (m == null ? e.getClass().getSimpleName() : m).replace('\n', ' ');
    }

    String usage() {
        StringBuilder b = new StringBuilder("usage: cellpaintr COMMAND [options]   (cellpaintr COMMAND --help)\n\n"
                + "CellPainTR for KNIME: batch-robust representations of Cell Painting profiles.\n\ncommands:\n");
        commands.values().forEach(c -> b.append(String.format("  %-10s %s%n", c.name(), c.summary())));
        return b.toString();
    }
}

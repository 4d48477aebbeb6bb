package org.cellpaintr.cli;

import java.io.PrintStream;

/** One subcommand of {@code cellpaintr}. */
interface Command {

    String name();

    /** One line for the command list. */
    String summary();

    /** The full --help text. */
    String help();

    /** Runs the command; returns the exit code. Usage errors throw {@link Args.UsageException}. */
    int run(String[] argv, PrintStream out, PrintStream err) throws Exception;
}

package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cellpaintr.cli.report.ComparisonTable;
import org.cellpaintr.cli.report.HtmlReport;
import org.cellpaintr.cli.report.MethodScores;
import org.cellpaintr.cli.report.Projection;
import org.cellpaintr.cli.report.Retrieval;
import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.io.ProfileFormatException;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * {@code cellpaintr report}: the example's HTML report from files: the metrics tables {@code cellpaintr score}
 * wrote (one per method), optionally each method's table (profiles, corrected profiles or embedding) for the 2-D
 * projections, and optionally the example's retrieval table.
 */
final class ReportCommand implements Command {

    private static final Set<String> VALUES = new HashSet<>(List.of("scores", "table", "retrieval", "retrieval-note",
            "batch-column", "label-column", "output", "title"));

    static {
        VALUES.addAll(TableOptions.VALUE_OPTIONS);
    }

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "self-contained HTML report (table, bar chart, PCA plots) from score and embedding files";
    }

    @Override
    public String help() {
        return "usage: cellpaintr report --scores NAME=FILE [--scores NAME=FILE ...] --output REPORT.html\n"
                + "                        [--table NAME=FILE ... --batch-column COL --label-column COL]\n"
                + "                        [--retrieval FILE] [options]\n\n"
                + "One HTML file that opens offline: the comparison of the ten metrics and the aggregates (one\n"
                + "column per --scores, in the order given), a bar chart of batch / bio / overall, and, for each\n"
                + "--table, its wells on the first two principal components coloured by batch and by compound.\n\n"
                + "  --scores NAME=FILE       a metrics table written by `cellpaintr score` (repeatable)\n"
                + "  --table NAME=FILE        the profiles or embedding NAME was scored on (repeatable; NAME as in\n"
                + "                           --scores); features: CellProfiler names and emb_N unless set below\n"
                + "  --batch-column COL --label-column COL   colours of the projections (needed with --table)\n"
                + "  --retrieval FILE         replicate retrieval table written by `cellpaintr example`\n"
                + "  --retrieval-note TEXT    what the retrieval rows are (shown above them)\n"
                + "  --title TEXT             the report's heading\n"
                + TableOptions.HELP;
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, 1, Set.of(), VALUES);
        Path output = a.path("output");
        Map<String, Path> scoreFiles = named(a.all("scores", List.of()), "scores");
        Map<String, Path> tableFiles = named(a.all("table", List.of()), "table");
        if (scoreFiles.isEmpty()) {
            throw new Args.UsageException("--scores NAME=FILE is required (at least one method)");
        }
        for (String name : tableFiles.keySet()) {
            if (!scoreFiles.containsKey(name)) {
                throw new Args.UsageException("--table " + name + ": no --scores of that name " + scoreFiles.keySet());
            }
        }
        // distinct files, readable inputs and a writable output, before any work
        TableOptions.Guard guard = TableOptions.guard().output("--output", output);
        scoreFiles.forEach((name, file) -> guard.input("--scores " + name, file));
        tableFiles.forEach((name, file) -> guard.input("--table " + name, file));
        guard.input("--retrieval", a.optionalPath("retrieval"));
        guard.check();
        String batch = tableFiles.isEmpty() ? null : a.required("batch-column");
        String label = tableFiles.isEmpty() ? null : a.required("label-column");
        var rule = TableOptions.rule(a);
        var tableRule = a.has("feature-include") || a.has("feature-pattern") || a.has("feature-exclude") ? rule
                : profilesOrEmbedding();
        List<MethodScores> methods = new ArrayList<>();
        for (Map.Entry<String, Path> e : scoreFiles.entrySet()) {
            try (ProfileTable t = readMetadataTable(e.getValue(), "items", err)) {
                methods.add(MethodScores.of(e.getKey(), t));
            } catch (IllegalArgumentException | ProfileFormatException ex) {
                throw new ProfileFormatException(e.getValue(), "not a score file of `cellpaintr score` (columns "
                        + "metric, category, value, items, status): " + ex.getMessage());
            }
        }
        List<Projection> projections = new ArrayList<>();
        for (Map.Entry<String, Path> e : tableFiles.entrySet()) {
            try (ProfileTable t = TableOptions.read(e.getValue(), tableRule, err)) {
                err.println("[report] projecting " + e.getKey());
                projections.add(Projection.of(e.getKey(), t, batch, label));
            } catch (IllegalArgumentException ex) {
                throw new ProfileFormatException(e.getValue(), "--table " + e.getKey() + ": " + ex.getMessage());
            }
        }
        List<Retrieval> retrieval = new ArrayList<>();
        Path retrievalFile = a.optionalPath("retrieval");
        if (retrievalFile != null) {
            try (ProfileTable t = readMetadataTable(retrievalFile, "fraction retrieved", err)) {
                retrieval.addAll(Retrieval.read(t));
            } catch (IllegalArgumentException | ProfileFormatException ex) {
                throw new ProfileFormatException(retrievalFile, "not a retrieval table of `cellpaintr example`: "
                        + ex.getMessage());
            }
        }
        err.println("[report] drawing charts");
        new HtmlReport(a.get("title", "CellPainTR: batch correction compared"), List.of(), methods, retrieval,
                a.get("retrieval-note", "Replicate retrieval on a dataset the model was not trained on."), projections)
                .write(output);
        out.print(ComparisonTable.text(methods));
        HtmlReport.retrievalLines(retrieval).forEach(out::println);
        out.println("report -> " + output);
        return 0;
    }

    /**
     * A table of results (no profile features). The engine's readers expect at least one feature column, so the
     * table's own numeric count column ({@code countColumn}) is read as one; the values are read by name either way.
     */
    private static ProfileTable readMetadataTable(Path file, String countColumn, PrintStream err) throws Exception {
        return TableOptions.read(file, new FeatureColumnRule(List.of(countColumn), List.of(), null), err);
    }

    /**
     * Without feature options a --table may be profiles (CellProfiler names) or an embedding (Embed's default
     * prefix emb_), so both count as features.
     */
    private static FeatureColumnRule profilesOrEmbedding() {
        StringBuilder p = new StringBuilder("emb_\\d+");
        for (String prefix : FeatureColumnRule.CELLPROFILER_PREFIXES) {
            p.append('|').append(java.util.regex.Pattern.quote(prefix)).append(".*");
        }
        return new FeatureColumnRule(List.of(), List.of(), p.toString());
    }

    /** NAME=FILE values in the order given; a name may appear once. */
    private static Map<String, Path> named(List<String> values, String option) throws Args.UsageException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq <= 0 || eq == v.length() - 1) {
                throw new Args.UsageException("--" + option + ": '" + v + "' is not NAME=FILE");
            }
            if (out.put(v.substring(0, eq).strip(), Path.of(v.substring(eq + 1))) != null) {
                throw new Args.UsageException("--" + option + ": method '" + v.substring(0, eq) + "' given twice");
            }
        }
        return out;
    }
}

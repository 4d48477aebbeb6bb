package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;

/** {@code cellpaintr score}: the Score Batch Correction operation (Arevalo et al.'s ten metrics). */
final class ScoreCommand implements Command {

    private static final Set<String> VALUES = new HashSet<>(List.of("input", "output", "compounds", "batch-column",
            "label-column", "plate-column", "well-column", "control-column", "control-value", "negative-control",
            "positive-control", "metrics", "skip", "neighbours", "seed", "null-size"));

    static {
        VALUES.addAll(TableOptions.VALUE_OPTIONS);
    }

    @Override
    public String name() {
        return "score";
    }

    @Override
    public String summary() {
        return "score batch correction: 4 batch + 6 biology metrics, overall = 0.4 batch + 0.6 bio";
    }

    @Override
    public String help() {
        StringBuilder names = new StringBuilder();
        for (Metric m : Metric.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(key(m));
        }
        return "usage: cellpaintr score --input FILE --output METRICS_FILE [--compounds FILE] [options]\n\n"
                + "Arevalo et al. 2024's benchmark on profiles or embeddings (every numeric feature column is a\n"
                + "dimension): graph connectivity, silhouette batch, kBET, iLISI (batch); cLISI, Leiden NMI, Leiden\n"
                + "ARI, silhouette label, mAP (controls), mAP (nonrep) (biology). Graph metrics use non-control\n"
                + "wells and an exact 25-NN cosine graph.\n\n"
                + "  --batch-column COL       batch or source of each well (required)\n"
                + "  --label-column COL       compound label (required)\n"
                + "  --plate-column COL       plate (needed by the mAPs)\n"
                + "  --well-column COL        well position (mAP controls: replicates in different wells)\n"
                + "  --control-column COL     column marking controls\n"
                + "  --negative-control V     its value for negative controls (e.g. DMSO; also --control-value)\n"
                + "  --positive-control V     its value for positive controls (excluded from the mAPs)\n"
                + "  --metrics LIST / --skip LIST   choose metrics: " + names + "\n"
                + "  --neighbours K           k of the kNN graph (25)\n"
                + "  --seed N --null-size N   Leiden / mAP null seed (0) and null size (10000)\n"
                + "  --compounds FILE         per-compound mAP table (mAP, p-value, corrected p-value, retrieved)\n"
                + TableOptions.HELP;
    }

    static String key(Metric m) {
        return m.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Metric parseMetric(String text) throws Args.UsageException {
        for (Metric m : Metric.values()) {
            if (key(m).equals(text) || m.label.equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new Args.UsageException("unknown metric '" + text + "'");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, 1, Set.of(), VALUES);
        Path input = a.path("input");
        Path output = a.path("output");
        Path compounds = a.optionalPath("compounds");
        TableOptions.guard().input("--input", input).tableOutput("--output", output)
                .tableOutput("--compounds", compounds).check();
        EnumSet<Metric> chosen = EnumSet.noneOf(Metric.class);
        for (String m : a.list("metrics", List.of())) {
            chosen.add(parseMetric(m));
        }
        if (chosen.isEmpty()) {
            chosen = EnumSet.allOf(Metric.class);
        }
        for (String m : a.list("skip", List.of())) {
            chosen.remove(parseMetric(m));
        }
        ScoreSettings s = ScoreSettings.defaults(a.required("batch-column"), a.required("label-column"),
                a.get("plate-column", null), a.get("well-column", null), a.get("control-column", null),
                a.get("negative-control", a.get("control-value", null)), a.get("positive-control", null))
                .withMetrics(chosen).withNeighbours(a.intValue("neighbours", 25))
                .withNullSize(a.intValue("null-size", 10_000));
        if (a.has("seed")) {
            s = new ScoreSettings(s.batchColumn(), s.labelColumn(), s.plateColumn(), s.wellColumn(), s.controlColumn(),
                    s.negativeControlValue(), s.positiveControlValue(), s.metrics(), s.neighbours(), s.lisiNeighbours(),
                    s.leidenResolution(), a.integer("seed", 0), s.nullSize(), s.threshold());
        }
        ScoreBatchCorrection op = new ScoreBatchCorrection();
        try (ProfileTable table = TableOptions.read(input, TableOptions.rule(a), err)) {
            op.configure(s, table.schema());
            try (ScoreResult r = op.execute(s, table, new StderrProgress(err, "score"))) {
                TableOptions.write(r.metrics(), output, err);
                if (compounds != null) {
                    TableOptions.write(r.compounds(), compounds, err);
                }
                out.print(format(r.metrics()));
                warnMissing(r.metrics(), err);
            }
        }
        return 0;
    }

    /** A metric reported missing is a warning on stderr (the aggregates average only what was computed). */
    static void warnMissing(ProfileTable metrics, PrintStream err) {
        MetadataColumn name = metrics.column(ScoreBatchCorrection.COL_METRIC).orElseThrow();
        MetadataColumn status = metrics.column(ScoreBatchCorrection.COL_STATUS).orElseThrow();
        for (int r = 0; r < metrics.rowCount(); r++) {
            if (status.text(r).startsWith("not computed")) {
                err.println("warning: " + name.text(r) + " " + status.text(r));
            }
        }
    }

    /** The metrics table as aligned text. */
    static String format(ProfileTable metrics) {
        StringBuilder b = new StringBuilder();
        List<MetadataColumn> cols = metrics.metadata();
        for (int r = -1; r < metrics.rowCount(); r++) {
            for (MetadataColumn c : cols) {
                String v = r < 0 ? c.name() : c.text(r);
                if (r >= 0 && c instanceof org.cellpaintr.engine.table.NumberColumn n && !n.isMissing(r)
                        && n.get(r) != Math.rint(n.get(r))) {
                    v = String.format(Locale.ROOT, "%.4f", n.get(r));
                }
                b.append(String.format(Locale.ROOT, "%-22s", v));
            }
            b.append('\n');
        }
        return b.toString();
    }
}

package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.table.ProfileTable;

/** {@code cellpaintr normalize}: the Normalize operation on a file. */
final class NormalizeCommand implements Command {

    private static final Set<String> FLAGS = Set.of("fallback-all-wells", "mad-consistency", "inverse-normal",
            "drop-low-mad", "variance-filter");
    private static final Set<String> VALUES = new HashSet<>(List.of("input", "output", "report", "preset",
            "plate-column", "control-column", "control-value", "reference", "method", "epsilon", "non-finite",
            "tie-seed", "clip", "clip-low", "clip-high", "min-coef-var", "correlation-threshold"));

    static {
        VALUES.addAll(TableOptions.VALUE_OPTIONS);
    }

    @Override
    public String name() {
        return "normalize";
    }

    @Override
    public String summary() {
        return "per-plate normalisation against control wells, with clipping, INT and feature selection";
    }

    @Override
    public String help() {
        return "usage: cellpaintr normalize --input FILE --output FILE [--report FILE] [options]\n\n"
                + "Normalises each plate against its reference wells. Presets:\n"
                + "  authors  (default) CellPainTR's preprocessing: robust MAD x 1.4826 + 1e-6 on control wells,\n"
                + "           NaN/inf -> 0, clip to the 1st/99th percentile of each plate's values\n"
                + "  arevalo  Arevalo et al. 2024 mad_int_featselect: drop NaN/inf features, MAD (no 1.4826) on\n"
                + "           controls, variant-feature selection, Blom inverse normal transform, variance and\n"
                + "           |r| > 0.9 correlation selection\n"
                + "  center   subtract each feature's control median per plate, nothing else (for a CellPainTR\n"
                + "           embedding before nearest-neighbour search or scoring; NaN/inf refused)\n\n"
                + "Options (each overrides the preset):\n"
                + "  --input FILE             CSV, CSV.gz, TSV, Parquet or Arrow IPC\n"
                + "  --output FILE            format from the name: .csv .csv.gz .parquet .arrow\n"
                + "  --report FILE            per-feature report: kept/dropped, reason, statistics\n"
                + "  --preset NAME            authors | arevalo | center\n"
                + "  --plate-column COL       column(s) identifying a plate (default Metadata_Plate)\n"
                + "  --control-column COL     column marking control wells (e.g. Metadata_pert_type)\n"
                + "  --control-value V        value(s) marking a control well (repeatable, e.g. DMSO)\n"
                + "  --reference R            controls | all-wells\n"
                + "  --fallback-all-wells     plates without control wells use all their wells (reported)\n"
                + "  --method M               robust-mad | zscore | center | none\n"
                + "  --[no-]mad-consistency   multiply the MAD by 1.4826\n"
                + "  --epsilon E              added to the scale\n"
                + "  --non-finite P           zero | drop-feature | fail\n"
                + "  --[no-]inverse-normal    rank-based inverse normal transform (Blom), --tie-seed N\n"
                + "  --clip C                 none | global-percentile | per-feature-percentile | absolute\n"
                + "  --clip-low X --clip-high Y   percentiles (or bounds for absolute)\n"
                + "  --[no-]drop-low-mad      drop features with MAD 0 or |MAD/median| <= --min-coef-var in a plate\n"
                + "  --[no-]variance-filter   pycytominer variance threshold\n"
                + "  --correlation-threshold R|off   drop one of each pair with |r| > R\n"
                + TableOptions.HELP;
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, 1, FLAGS, VALUES);
        Path input = a.path("input");
        Path output = a.path("output");
        Path reportPath = a.optionalPath("report");
        TableOptions.guard().input("--input", input).tableOutput("--output", output).tableOutput("--report", reportPath)
                .check();
        NormalizeSettings s = settings(a);
        Normalize op = new Normalize();
        try (ProfileTable table = TableOptions.read(input, TableOptions.rule(a), err)) {
            op.configure(s, table.schema());
            try (NormalizeResult r = op.execute(s, table, new StderrProgress(err, "normalize"))) {
                TableOptions.write(r.normalized(), output, err);
                if (reportPath != null) {
                    TableOptions.write(r.report(), reportPath, err);
                }
                r.warnings().forEach(w -> err.println("warning: " + w));
                out.println("normalised " + table.rowCount() + " wells; kept " + r.normalized().features().size()
                        + " of " + table.features().size() + " features -> " + output);
            }
        }
        return 0;
    }

    static NormalizeSettings settings(Args a) throws Exception {
        List<String> plates = a.all("plate-column", List.of("Metadata_Plate"));
        NormalizeSettings s = NormalizeSettings.preset(a.get("preset", "authors"), plates,
                a.get("control-column", null), a.all("control-value", List.of()));
        NormalizeSettings.Reference ref = a.choice("reference", NormalizeSettings.Reference.class, s.reference());
        s = s.withReference(ref, a.flag("fallback-all-wells", s.noControlsFallback()));
        s = s.withMethod(a.choice("method", NormalizeSettings.Method.class, s.method()),
                a.flag("mad-consistency", s.madConsistency()), a.number("epsilon", s.epsilon()));
        s = s.withClip(a.choice("clip", NormalizeSettings.Clip.class, s.clip()), a.number("clip-low", s.clipLow()),
                a.number("clip-high", s.clipHigh()));
        s = s.withInverseNormal(a.flag("inverse-normal", s.inverseNormal()), a.integer("tie-seed", s.tieSeed()));
        s = s.withSelection(a.choice("non-finite", NormalizeSettings.NonFinite.class, s.nonFinite()),
                a.flag("drop-low-mad", s.dropLowMad()), a.flag("variance-filter", s.varianceFilter()),
                a.number("correlation-threshold", s.correlationThreshold()));
        if (a.has("min-coef-var")) {
            s = new NormalizeSettings(s.plateColumns(), s.reference(), s.controlColumn(), s.controlValues(),
                    s.noControlsFallback(), s.method(), s.madConsistency(), s.epsilon(), s.nonFinite(),
                    s.inverseNormal(), s.tieSeed(), s.clip(), s.clipLow(), s.clipHigh(), s.dropLowMad(),
                    a.number("min-coef-var", s.minCoefVar()), s.varianceFilter(), s.correlationThreshold());
        }
        return s;
    }
}

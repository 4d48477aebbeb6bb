package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.intersect.IntersectFeatures;
import org.cellpaintr.engine.intersect.IntersectResult;
import org.cellpaintr.engine.intersect.IntersectSettings;
import org.cellpaintr.engine.table.ProfileTable;

/** {@code cellpaintr intersect}: aligns a table to a reference feature list. */
final class IntersectCommand implements Command {

    private static final Set<String> FLAGS = Set.of("exact-only", "fail-on-missing");
    private static final Set<String> VALUES = new HashSet<>(List.of("input", "output", "report", "reference",
            "reference-list", "reference-model", "min-matched"));

    static {
        VALUES.addAll(TableOptions.VALUE_OPTIONS);
    }

    @Override
    public String name() {
        return "intersect";
    }

    @Override
    public String summary() {
        return "align a table to a reference feature list (name matching, zero padding)";
    }

    @Override
    public String help() {
        return "usage: cellpaintr intersect --input FILE (--reference TABLE | --reference-list FILE | --reference-model M)\n"
                + "                           --output FILE\n"
                + "                           [--report FILE] [options]\n\n"
                + "Keeps the reference features in reference order: exact name matches first, then CellProfiler\n"
                + "version differences (..._5_0 vs ..._5_00_256), then case and underscores; reference features the\n"
                + "input lacks are filled with zeros. Metadata columns are kept.\n\n"
                + "  --reference TABLE        a profile table whose feature columns are the reference list\n"
                + "  --reference-list FILE    feature names, one per line, or JSON (array or {\"features\": [...]})\n"
                + "  --reference-model MODEL  the feature vocabulary of a CellPainTR model archive\n"
                + "  --report FILE            reference feature, matched column, rule or 'missing'\n"
                + "  --exact-only             no name normalisation\n"
                + "  --fail-on-missing        refuse instead of zero-padding\n"
                + "  --min-matched N          refuse when fewer than N reference features match (default 1)\n"
                + TableOptions.HELP;
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, 1, FLAGS, VALUES);
        Path input = a.path("input");
        Path output = a.path("output");
        Path reportPath = a.optionalPath("report");
        TableOptions.guard().input("--input", input).input("--reference", a.optionalPath("reference"))
                .input("--reference-list", a.optionalPath("reference-list"))
                .input("--reference-model", a.optionalPath("reference-model")).tableOutput("--output", output)
                .tableOutput("--report", reportPath).check();
        List<String> reference;
        int given = (a.has("reference") ? 1 : 0) + (a.has("reference-list") ? 1 : 0) + (a.has("reference-model") ? 1 : 0);
        if (given != 1) {
            throw new Args.UsageException("give exactly one of --reference, --reference-list and --reference-model");
        }
        var rule = TableOptions.rule(a);
        if (a.has("reference-model")) {
            reference = org.cellpaintr.model.archive.ModelArchive.read(a.path("reference-model")).vocabulary().names();
        } else if (a.has("reference")) {
            try (ProfileTable ref = TableOptions.read(a.path("reference"), rule, err)) {
                reference = ref.features();
            }
        } else {
            reference = FeatureLists.read(a.path("reference-list"));
        }
        IntersectSettings s = new IntersectSettings(reference, !a.flag("exact-only", false),
                a.flag("fail-on-missing", false), a.intValue("min-matched", 1));
        try (ProfileTable table = TableOptions.read(input, rule, err);
                IntersectResult r = new IntersectFeatures().execute(s, table, new StderrProgress(err, "intersect"))) {
            TableOptions.write(r.aligned(), output, err);
            if (reportPath != null) {
                TableOptions.write(r.report(), reportPath, err);
            }
            out.println(r.summary() + " -> " + output);
        }
        return 0;
    }
}

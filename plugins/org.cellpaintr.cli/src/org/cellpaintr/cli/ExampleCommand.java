package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.intersect.IntersectFeatures;
import org.cellpaintr.engine.intersect.IntersectResult;
import org.cellpaintr.engine.intersect.IntersectSettings;
import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * {@code cellpaintr example}: the main job on the bundled real data. Normalises the Dahlin cell-injury plates per
 * plate against their DMSO wells (the authors' preprocessing), then aligns the CPJUMP1 pilot plates (another lab,
 * another feature set) to the Dahlin features with Intersect Features, and prints a summary.
 */
final class ExampleCommand implements Command {

    static final String DAHLIN = "dahlin_cell_injury/aligned_plate_holdout.csv.gz";
    static final String CPJUMP1 = "cpjump1_jump_pilot/overlapping_jump_data.csv.gz";

    @Override
    public String name() {
        return "example";
    }

    @Override
    public String summary() {
        return "run the main job on the bundled example data (Dahlin + CPJUMP1)";
    }

    @Override
    public String help() {
        return "usage: cellpaintr example [--data DIR] [--out DIR]\n\n"
                + "  --data DIR   the bundled example data (default <install>/workflows/data)\n"
                + "  --out DIR    where results go (default ./example-output)\n";
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, 1, Set.of(), Set.of("data", "out"));
        Path data = Path.of(a.get("data", System.getProperty("cellpaintr.home", ".") + "/workflows/data"));
        Path outDir = Path.of(a.get("out", "example-output"));
        if (!Files.isRegularFile(data.resolve(DAHLIN))) {
            throw new Args.UsageException("example data not found under " + data + " (use --data)");
        }
        Files.createDirectories(outDir);
        FeatureColumnRule rule = FeatureColumnRule.CELLPROFILER;

        out.println("== 1. Normalize: Dahlin cell-injury plates (authors' preprocessing, per plate vs DMSO)");
        NormalizeSettings ns = NormalizeSettings.authors(List.of("Plate"), "Control Type", List.of("Negative"));
        try (ProfileTable dahlin = TableOptions.read(data.resolve(DAHLIN), rule, err);
                NormalizeResult norm = new Normalize().execute(ns, dahlin, new StderrProgress(err, "normalize"))) {
            Path normalized = outDir.resolve("dahlin_normalized.parquet");
            TableOptions.write(norm.normalized(), normalized, err);
            TableOptions.write(norm.report(), outDir.resolve("dahlin_normalize_report.csv"), err);
            out.printf("   %d wells on %d plates, %d features kept -> %s%n", dahlin.rowCount(),
                    distinct(dahlin, "Plate"), norm.normalized().features().size(), normalized);
            out.println(Summaries.controlSummary(norm.normalized(), "Control Type", "Negative"));

            out.println("== 2. Intersect Features: CPJUMP1 pilot plates aligned to the Dahlin features");
            try (ProfileTable jump = TableOptions.read(data.resolve(CPJUMP1), rule, err);
                    IntersectResult inter = new IntersectFeatures().execute(
                            IntersectSettings.defaults(norm.normalized().features()), jump,
                            new StderrProgress(err, "intersect"))) {
                Path aligned = outDir.resolve("cpjump1_aligned_to_dahlin.parquet");
                TableOptions.write(inter.aligned(), aligned, err);
                TableOptions.write(inter.report(), outDir.resolve("cpjump1_intersect_report.csv"), err);
                out.println("   " + inter.summary());
                out.println("   -> " + aligned);
            }
        }
        return 0;
    }

    private static int distinct(ProfileTable t, String column) {
        return (int) java.util.stream.IntStream.range(0, t.rowCount())
                .mapToObj(r -> t.column(column).orElseThrow().text(r)).distinct().count();
    }
}

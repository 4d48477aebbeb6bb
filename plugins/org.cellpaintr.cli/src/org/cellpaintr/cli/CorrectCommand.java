package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionMethod;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.correct.SpheringVariant;
import org.cellpaintr.engine.table.ProfileTable;

/** {@code cellpaintr correct}: the baseline corrections (ComBat, Harmony, Sphering). */
final class CorrectCommand implements Command {

    private static final Set<String> FLAGS = Set.of("non-parametric", "float32", "fast");
    private static final Set<String> VALUES = new HashSet<>(List.of("input", "output", "method", "batch-column",
            "covariate", "clusters", "iterations", "theta", "pcs", "seed", "control-column", "control-value",
            "variant", "epsilon", "harmonypy-version"));

    static {
        VALUES.addAll(TableOptions.VALUE_OPTIONS);
    }

    @Override
    public String name() {
        return "correct";
    }

    @Override
    public String summary() {
        return "baseline batch corrections: ComBat, Harmony, Sphering";
    }

    @Override
    public String help() {
        return "usage: cellpaintr correct --method combat|harmony|sphering --input FILE --output FILE [options]\n\n"
                + "ComBat (sva / scanpy.pp.combat):\n"
                + "  --batch-column COL       batch of each well\n"
                + "  --covariate COL          biological covariate to protect (repeatable)\n"
                + "  --non-parametric         sva's non-parametric empirical Bayes prior\n"
                + "Harmony (harmonypy; defaults as Arevalo et al.: nclust 300, 20 iterations):\n"
                + "  --batch-column COL --clusters K --iterations N --theta T --seed N\n"
                + "  --harmonypy-version 0.0.10|0.0.9   random stream of harmonypy 0.0.10 and later (default), or of\n"
                + "                           0.0.9 with scikit-learn before 1.3 (k-means shares the block-shuffle stream)\n"
                + "  --pcs M                  correct the first M principal components (0: the features)\n"
                + "  --float32                float32 arithmetic (half the memory; no longer exactly harmonypy's k-means)\n"
                + "  --fast                   float32 and one k-means start instead of 10 (for large data; not\n"
                + "                           harmonypy's result, see docs/benchmarks.md)\n"
                + "Sphering (pycytominer Spherize, fitted on negative controls):\n"
                + "  --control-column COL --control-value V --variant zca|zca-cor --epsilon E\n"
                + TableOptions.HELP;
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, 1, FLAGS, VALUES);
        CorrectionMethod method;
        try {
            method = CorrectionMethod.parse(a.required("method"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--method: " + e.getMessage());
        }
        Path input = a.path("input");
        Path output = a.path("output");
        TableOptions.guard().input("--input", input).tableOutput("--output", output).check();
        CorrectionSettings s;
        switch (method) {
            case COMBAT:
                s = CorrectionSettings.combat(a.required("batch-column"), a.all("covariate", List.of()),
                        !a.flag("non-parametric", false));
                break;
            case HARMONY:
                HarmonyOptions h = HarmonyOptions.arevalo();
                h = h.withClusters(a.intValue("clusters", h.clusters()))
                        .withMaxIterations(a.intValue("iterations", h.maxIterations()))
                        .withPrincipalComponents(a.intValue("pcs", h.principalComponents()))
                        .withSeed(a.integer("seed", h.seed()));
                String version = a.get("harmonypy-version", "0.0.10");
                if (version.equals("0.0.9")) {
                    h = h.asHarmonypy009WithOldSklearn();
                } else if (!version.equals("0.0.10")) {
                    throw new Args.UsageException("--harmonypy-version: '" + version + "' is not one of [0.0.9, 0.0.10]");
                }
                if (a.has("theta")) {
                    h = new HarmonyOptions(h.clusters(), a.number("theta", h.theta()), h.lambda(), h.sigma(),
                            h.maxIterations(), h.maxKmeansIterations(), h.epsilonCluster(), h.epsilonHarmony(),
                            h.blockSize(), h.kmeansInits(), h.kmeansMaxIterations(), h.principalComponents(), h.seed(),
                            h.sharedRandomStream(), h.legacyFirstCentre());
                }
                if (a.flag("fast", false)) {
                    h = h.fast();
                } else if (a.flag("float32", false)) {
                    h = h.withFloat32(true);
                }
                s = CorrectionSettings.harmony(a.required("batch-column"), h);
                break;
            default:
                s = CorrectionSettings.sphering(a.required("control-column"), a.required("control-value"),
                        a.choice("variant", SpheringVariant.class, SpheringVariant.ZCA_COR), a.number("epsilon", 1e-6));
        }
        CorrectBatchEffects op = new CorrectBatchEffects();
        try (ProfileTable table = TableOptions.read(input, TableOptions.rule(a), err)) {
            op.configure(s, table.schema());
            try (ProfileTable corrected = op.execute(s, table, new StderrProgress(err, method.name().toLowerCase()))) {
                TableOptions.write(corrected, output, err);
                out.println(method.name().toLowerCase() + ": corrected " + corrected.rowCount() + " wells x "
                        + corrected.features().size() + " dimensions -> " + output);
            }
        }
        return 0;
    }
}

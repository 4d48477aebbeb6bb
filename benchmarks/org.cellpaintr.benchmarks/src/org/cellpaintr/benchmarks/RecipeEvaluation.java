package org.cellpaintr.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.correct.SpheringVariant;
import org.cellpaintr.engine.intersect.IntersectFeatures;
import org.cellpaintr.engine.intersect.IntersectResult;
import org.cellpaintr.engine.intersect.IntersectSettings;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.DuplicateRows;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedSettings;
import org.cellpaintr.model.trainer.TrainingRecipe;

/**
 * The evaluation of the training recipe (docs/evaluation.md): one CellPainTR model trained on a seeded 75% split of
 * the Dahlin wells, scored with the ten metrics next to raw, ComBat, Harmony and Sphering on
 * <ul>
 * <li>(a) its training wells (in-sample),</li>
 * <li>(b) the held-out wells (a quarter of each compound's wells and of the controls), embedded and scored on their
 * own (the baselines are fitted on the held-out wells alone, as on a new dataset),</li>
 * <li>(c) the CPJUMP1 pilot plates without retraining: replicate-retrieval mAP of the intersected (zero-padded)
 * profiles against the embedding with each codebook source as the proxy.</li>
 * </ul>
 * Usage: {@code RecipeEvaluation [--ablate none|source|balance|sampler|schedule|zeropad|srcdrop|authors] [--parts abc]
 * [--preset arevalo|authors] [--post none,center,mad,mad+sphere] [key=value recipe overrides, see RecipeRun]}. With
 * {@code --parts b} only the held-out table is scored (the ablation table uses that). {@code post} lists the
 * per-plate normalisations of the embedding (against the table's DMSO wells) whose rows are printed next to the
 * embedding as it comes out ({@link EmbeddingPost}); the raw rows need none: the profiles are already normalised per
 * plate against the DMSO wells.
 */
public final class RecipeEvaluation {

    static final String BATCH = "Experimental Condition [Experimental Batch]";
    static final String LABEL = "Compound Name";
    static final String PLATE = "Plate";
    static final String WELL = "Well";
    static final String CONTROL = "Control Type";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = RecipeRun.options(args);
        String parts = opts.getOrDefault("parts", "abc");
        List<EmbeddingPost> post = EmbeddingPost.parse(opts.getOrDefault("post", "none"));
        Path data = Path.of(System.getProperty("cellpaintr.example.dir", "workflows/data"));
        ScoreSettings score = ScoreSettings.defaults(BATCH, LABEL, PLATE, WELL, CONTROL, "Negative", "Positive")
                .withNullSize(2000);
        Map<String, String> notes = new LinkedHashMap<>();
        RecipeRun run = RecipeRun.from(opts);
        notes.put("recipe", run.describe());
        try (ProfileTable file = ProfileFiles.read(data.resolve("dahlin_cell_injury/aligned_plate_holdout.csv.gz"));
                ProfileTable labelled = DahlinScores.withLabel(file, LABEL, notes);
                NormalizeResult norm = new Normalize().execute(run.normalize(List.of(PLATE), CONTROL,
                        List.of("Negative")), labelled, Progress.NONE)) {
            ProfileTable all = norm.normalized();
            HeldOutSplit split = HeldOutSplit.of(all, LABEL, CONTROL, "Negative", 0.25, run.seed());
            notes.put("split", split.describe());
            notes.put("input", String.format(Locale.ROOT, "%d wells x %d features after %s normalisation",
                    all.rowCount(), all.features().size(), run.preset()));
            try (ProfileTable train = all.selectRows(split.train()); ProfileTable held = all.selectRows(split.held());
                    RecipeRun.Trained trained = run.train(train, BATCH, PLATE, LABEL, CONTROL, "Negative")) {
                notes.putAll(trained.notes());
                CellPainTRModel model = trained.model();
                if (parts.contains("a")) {
                    System.out.println("\n### (a) in-sample: the " + train.rowCount() + " training wells\n");
                    DahlinScores.print(baselinesAndModel(score, train, model, post, notes, "a"), Map.of());
                }
                if (parts.contains("b")) {
                    System.out.println("\n### (b) held-out: the " + held.rowCount() + " held-out wells\n");
                    DahlinScores.print(baselinesAndModel(score, held, model, post, notes, "b"), Map.of());
                }
                if (parts.contains("c")) {
                    System.out.println("\n### (c) CPJUMP1 pilot plates, no retraining\n");
                    cpjump(data, run, model, post, notes);
                }
            }
        }
        System.out.println();
        notes.forEach((k, v) -> System.out.println("- " + k + ": " + v));
    }

    static Map<String, Map<String, Double>> baselinesAndModel(ScoreSettings score, ProfileTable t,
            CellPainTRModel model, List<EmbeddingPost> post, Map<String, String> notes, String part)
            throws Exception {
        Map<String, Map<String, Double>> table = new LinkedHashMap<>();
        table.put("raw (normalised)", DahlinScores.run(score, t, notes, part + " raw", 0));
        try (ProfileTable c = DahlinScores.correct(CorrectionSettings.combat(BATCH, List.of(), true), t, notes,
                part + " ComBat")) {
            table.put("ComBat", DahlinScores.run(score, c, notes, part + " ComBat", 0));
        }
        try (ProfileTable h = DahlinScores.correct(CorrectionSettings.harmony(BATCH, HarmonyOptions.arevalo()), t,
                notes, part + " Harmony")) {
            table.put("Harmony", DahlinScores.run(score, h, notes, part + " Harmony", 0));
        }
        double bestEps = bestSpheringEpsilon(score, t);
        try (ProfileTable s = DahlinScores.correct(CorrectionSettings.sphering(CONTROL, "Negative",
                SpheringVariant.ZCA_COR, bestEps), t, notes, part + " Sphering")) {
            table.put(String.format(Locale.ROOT, "Sphering (eps %g)", bestEps),
                    DahlinScores.run(score, s, notes, part + " Sphering", 0));
        }
        try (ProfileTable emb = new Embed().execute(EmbedSettings.bySourceColumn(BATCH), new Embed.Input(t, model),
                Progress.NONE)) {
            scoreWithPost(score, emb, "CellPainTR", post, table, notes, part);
        }
        if (model.sources().contains(TrainingRecipe.UNKNOWN_SOURCE)) {
            // a model trained with source-token dropout can embed every well with the shared unknown-source vector,
            // as for data from a source it has not seen: no per-source offset can come from the token
            try (ProfileTable emb = new Embed().execute(EmbedSettings.withProxy(TrainingRecipe.UNKNOWN_SOURCE),
                    new Embed.Input(t, model), Progress.NONE)) {
                scoreWithPost(score, emb, "CellPainTR, every well '" + TrainingRecipe.UNKNOWN_SOURCE + "'", post,
                        table, notes, part);
            }
        }
        return table;
    }

    /** Scores the embedding as it is and after each post-step, one row each. */
    private static void scoreWithPost(ScoreSettings score, ProfileTable emb, String name, List<EmbeddingPost> post,
            Map<String, Map<String, Double>> table, Map<String, String> notes, String part) throws Exception {
        for (EmbeddingPost p : post) {
            String row = name + p.suffix();
            if (p == EmbeddingPost.NONE) {
                table.put(row, DahlinScores.run(score, emb, notes, part + " " + row, 0));
                continue;
            }
            EmbeddingPost.EpsilonChooser chooser = x -> {
                double eps = bestSpheringEpsilon(score, x);
                notes.put(part + " " + row + " Sphering epsilon", String.valueOf(eps));
                return eps;
            };
            try (ProfileTable q = p.apply(emb, PLATE, CONTROL, "Negative", chooser)) {
                table.put(row, DahlinScores.run(score, q, notes, part + " " + row, 0));
            }
        }
    }

    /** Sphering's epsilon as in Arevalo et al.: the best of 1e-2, 1, 100 by (mAP controls + mAP nonrep) / 2. */
    static double bestSpheringEpsilon(ScoreSettings score, ProfileTable t) throws Exception {
        double bestEps = Double.NaN;
        double best = Double.NEGATIVE_INFINITY;
        for (double eps : new double[] {1e-2, 1, 100}) {
            try (ProfileTable s = new CorrectBatchEffects().execute(CorrectionSettings.sphering(CONTROL, "Negative",
                    SpheringVariant.ZCA_COR, eps), t, new TimedProgress(false));
                    ScoreResult r = new ScoreBatchCorrection().execute(score.withMetrics(EnumSet.of(
                            Metric.MAP_CONTROLS, Metric.MAP_NONREP)), s, new TimedProgress(false))) {
                double m = (r.value("mAP (controls)") + r.value("mAP (nonrep)")) / 2;
                if (m > best) {
                    best = m;
                    bestEps = eps;
                }
            }
        }
        return bestEps;
    }

    /** CPJUMP1: mAP of the intersected profiles and of the embedding with every codebook source as the proxy. */
    static void cpjump(Path data, RecipeRun run, CellPainTRModel model, List<EmbeddingPost> post,
            Map<String, String> notes) throws Exception {
        ScoreSettings s = ScoreSettings.defaults("Metadata_Plate", "Compound Name", "Metadata_Plate", "Metadata_Well",
                "Metadata_pert_type", "control", "poscon").withNullSize(2000)
                .withMetrics(EnumSet.of(Metric.MAP_CONTROLS, Metric.MAP_NONREP));
        Map<String, Map<String, Double>> table = new LinkedHashMap<>();
        try (ProfileTable shipped = ProfileFiles.read(data.resolve("cpjump1_jump_pilot/overlapping_jump_data.csv.gz"));
                ProfileTable jump = shipped.selectRows(DuplicateRows.firstOccurrences(shipped));
                NormalizeResult norm = new Normalize().execute(run.normalizeForApplication(List.of("Metadata_Plate"),
                        "Metadata_pert_type", List.of("control")), jump, Progress.NONE);
                IntersectResult inter = new IntersectFeatures().execute(
                        IntersectSettings.defaults(model.vocabulary().names()), norm.normalized(), Progress.NONE)) {
            notes.put("(c) intersect", inter.summary() + "; " + jump.rowCount() + " wells after dropping the file's "
                    + "exact duplicate rows");
            table.put("intersected raw", mapOnly(s, inter.aligned()));
            for (String source : model.sources().names()) {
                try (ProfileTable emb = new Embed().execute(EmbedSettings.withProxy(source),
                        new Embed.Input(inter.aligned(), model), Progress.NONE)) {
                    for (EmbeddingPost p : post) {
                        // the sphering step needs a table with labelled replicates in several well positions to
                        // choose its epsilon; CPJUMP1 has none (controls mAP undefined), so it is not applied here
                        if (p == EmbeddingPost.MAD_SPHERE) {
                            continue;
                        }
                        if (p == EmbeddingPost.NONE) {
                            table.put("CellPainTR, proxy '" + source + "'", mapOnly(s, emb));
                            continue;
                        }
                        try (ProfileTable q = p.apply(emb, "Metadata_Plate", "Metadata_pert_type", "control",
                                null)) {
                            table.put("CellPainTR, proxy '" + source + "'" + p.suffix(), mapOnly(s, q));
                        }
                    }
                }
            }
        }
        DahlinScores.print(table, Map.of());
    }

    private static Map<String, Double> mapOnly(ScoreSettings s, ProfileTable t) throws Exception {
        try (ScoreResult r = new ScoreBatchCorrection().execute(s, t, Progress.NONE)) {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("mAP (controls)", r.value("mAP (controls)"));
            v.put("mAP (nonrep)", r.value("mAP (nonrep)"));
            return v;
        }
    }

    private RecipeEvaluation() {
    }

    static List<String> list(String... v) {
        return new ArrayList<>(List.of(v));
    }
}

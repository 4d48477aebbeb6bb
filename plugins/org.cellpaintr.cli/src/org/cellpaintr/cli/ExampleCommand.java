package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.cellpaintr.cli.report.ComparisonTable;
import org.cellpaintr.cli.report.HtmlReport;
import org.cellpaintr.cli.report.MethodScores;
import org.cellpaintr.cli.report.Projection;
import org.cellpaintr.cli.report.Readable;
import org.cellpaintr.cli.report.Retrieval;
import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.correct.SpheringVariant;
import org.cellpaintr.engine.intersect.IntersectFeatures;
import org.cellpaintr.engine.intersect.IntersectResult;
import org.cellpaintr.engine.intersect.IntersectSettings;
import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.table.DuplicateRows;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedSettings;
import org.cellpaintr.model.proxy.SelectProxyResult;
import org.cellpaintr.model.proxy.SelectProxyToken;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageResult;
import org.cellpaintr.model.trainstage.TrainStageSettings;

/**
 * {@code cellpaintr example}: the main job on the bundled real data, at the demo configuration. Normalises the
 * Dahlin cell-injury plates against their DMSO wells, corrects them with the three baselines (ComBat, Harmony,
 * Sphering), trains the three-stage curriculum (source = the two experimental batches) and embeds them, scores all
 * five with Arevalo et al.'s ten metrics into one comparison, then applies the model without retraining to the
 * CPJUMP1 pilot plates (another lab and feature set) through Intersect Features, zero padding and a proxy source
 * token, and compares replicate retrieval there. Ends with an HTML report and the list of files written.
 */
final class ExampleCommand implements Command {

    static final String DAHLIN = "dahlin_cell_injury/aligned_plate_holdout.csv.gz";
    static final String CPJUMP1 = "cpjump1_jump_pilot/overlapping_jump_data.csv.gz";
    static final String BATCH = "Experimental Condition [Experimental Batch]";
    static final String LABEL = "Compound Name";
    static final String PLATE = "Plate";
    static final String CONTROL = "Control Type";
    static final String JUMP_LABEL = "Metadata_pert_iname";
    static final String JUMP_PLATE = "Metadata_Plate";
    static final String JUMP_CONTROL = "Metadata_control_type";
    /** The codebook entry the unseen dataset gets. */
    static final String NEW_SOURCE = "CPJUMP1";

    private static final Set<String> VALUES = Set.of("data", "out", "epochs", "plates", "null-size",
            "harmony-clusters");

    /**
     * The proxy source token for the unseen dataset.
     *
     * @param source the codebook entry Embed uses for the new dataset's wells
     * @param chosen the learned source whose token it copies
     * @param reason why that one, in one line
     */
    record ProxyChoice(String source, String chosen, String reason) {
    }

    @Override
    public String name() {
        return "example";
    }

    @Override
    public String summary() {
        return "run the main job on the bundled example data (Dahlin + CPJUMP1), demo configuration, with a report";
    }

    @Override
    public String help() {
        return "usage: cellpaintr example [--data DIR] [--out DIR] [options]\n\n"
                + "Normalises the Dahlin plates, corrects them with ComBat, Harmony and Sphering, trains the three\n"
                + "stages (demo configuration), embeds, and prints one comparison table of the ten metrics; then\n"
                + "embeds the unseen CPJUMP1 plates with a proxy source token and compares replicate retrieval.\n"
                + "Writes every table, the model, the scores and report.html (self-contained) to --out.\n\n"
                + "  --data DIR             the bundled example data (default <install>/workflows/data)\n"
                + "  --out DIR              where results go (default ./example-output)\n"
                + "A quicker, smaller run (tests):\n"
                + "  --epochs N             epochs per stage instead of the demo configuration's step budget\n"
                + "  --plates LIST          only these Dahlin plates (comma-separated)\n"
                + "  --null-size N          mAP null distribution size (default 10000)\n"
                + "  --harmony-clusters K   Harmony's clusters (default 300, Arevalo et al.)\n";
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, 1, Set.of(), VALUES);
        Path data = Path.of(a.get("data", System.getProperty("cellpaintr.home", ".") + "/workflows/data"));
        Path outDir = Path.of(a.get("out", "example-output"));
        if (!Files.isRegularFile(data.resolve(DAHLIN))) {
            throw new Args.UsageException("example data not found under " + data + " (use --data)");
        }
        int epochs = a.intValue("epochs", -1);
        int nullSize = a.intValue("null-size", 10_000);
        HarmonyOptions harmony = HarmonyOptions.arevalo();
        harmony = harmony.withClusters(a.intValue("harmony-clusters", harmony.clusters()));
        List<String> plates = a.list("plates", List.of());
        if (epochs == 0 || epochs < -1 || nullSize < 1 || harmony.clusters() < 1) {
            throw new Args.UsageException("--epochs, --null-size and --harmony-clusters must be positive");
        }
        Files.createDirectories(outDir);
        Files.createDirectories(outDir.resolve("scores"));
        FeatureColumnRule rule = FeatureColumnRule.CELLPROFILER;
        List<Path> written = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        Map<String, ProfileTable> tables = new LinkedHashMap<>();
        List<MethodScores> scores = new ArrayList<>();
        long started = System.nanoTime();

        out.println("== 1. Normalize: Dahlin cell-injury plates (authors' preprocessing, per plate vs DMSO)");
        NormalizeSettings ns = NormalizeSettings.authors(List.of(PLATE), CONTROL, List.of("Negative"));
        try (ProfileTable shipped = TableOptions.read(data.resolve(DAHLIN), rule, err);
                ProfileTable dahlin = plates.isEmpty() ? shipped.selectRows(all(shipped)) : onPlates(shipped, plates);
                NormalizeResult norm = new Normalize().execute(ns, dahlin, new StderrProgress(err, "normalize"))) {
            ProfileTable profiles = norm.normalized();
            write(profiles, outDir.resolve("dahlin_normalized.parquet"), err, written);
            write(norm.report(), outDir.resolve("dahlin_normalize_report.csv"), err, written);
            out.printf(Locale.ROOT, "   %d wells on %d plates, %d features kept%n", dahlin.rowCount(),
                    distinct(dahlin, PLATE), profiles.features().size());
            out.println(ControlSummary.controlSummary(profiles, CONTROL, "Negative"));
            facts.add("Data: Dahlin et al. 2023 cell-injury plates, " + dahlin.rowCount() + " wells on "
                    + distinct(dahlin, PLATE) + " plates in " + distinct(dahlin, BATCH) + " experimental batches, "
                    + profiles.features().size() + " features, normalised per plate against DMSO.");

            out.println("== 2. Baseline corrections (batch = experimental batch)");
            long t = System.nanoTime();
            CorrectBatchEffects correct = new CorrectBatchEffects();
            Map<String, CorrectionSettings> baselines = new LinkedHashMap<>();
            baselines.put("ComBat", CorrectionSettings.combat(BATCH, List.of(), true));
            baselines.put("Harmony", CorrectionSettings.harmony(BATCH, harmony));
            baselines.put("Sphering", CorrectionSettings.sphering(CONTROL, "Negative", SpheringVariant.ZCA_COR, 1e-6));
            tables.put("raw (normalised)", profiles);
            try {
                for (Map.Entry<String, CorrectionSettings> e : baselines.entrySet()) {
                    String key = e.getKey().toLowerCase(Locale.ROOT);
                    ProfileTable corrected = correct.execute(e.getValue(), profiles, new StderrProgress(err, key));
                    tables.put(e.getKey(), corrected);
                    write(corrected, outDir.resolve("dahlin_" + key + ".parquet"), err, written);
                }
                out.printf(Locale.ROOT, "   ComBat, Harmony (%d clusters), Sphering (ZCA-cor on DMSO): %s%n",
                        harmony.clusters(), Readable.duration(seconds(t)));

                TrainerSettings first = training(Stage.MASKED_MODELLING, epochs);
                out.println("== 3. Train Stage 1-3 (demo configuration: " + (epochs > 0
                        ? DemoConfiguration.network().dModel() + "-d, " + epochs + " epochs per stage"
                        : DemoConfiguration.describe()) + "; source = batch)");
                t = System.nanoTime();
                TrainStage train = new TrainStage();
                TrainStageSettings base = TrainStageSettings.of(first, BATCH, PLATE, null)
                        .withNewModel(DemoConfiguration.network());
                TrainStageResult r1 = train.execute(base, new TrainStage.Input(profiles, null, null),
                        new StderrProgress(err, "stage 1"));
                try (CellPainTRModel model = r1.model()) {
                    out.println("   " + epochLine(r1.log(), Stage.MASKED_MODELLING));
                    r1.log().close();
                    for (Stage st : List.of(Stage.INTRA_SOURCE, Stage.INTER_SOURCE)) {
                        TrainStageSettings s = TrainStageSettings.of(training(st, epochs), BATCH, PLATE, LABEL);
                        TrainStageResult r = train.execute(s, new TrainStage.Input(profiles, model, null),
                                new StderrProgress(err, "stage " + st.number()));
                        out.println("   " + epochLine(r.log(), st));
                        r.log().close();
                    }
                    Path modelFile = outDir.resolve("cellpaintr-demo.model");
                    ModelArchive.save(model, modelFile);
                    written.add(modelFile);
                    String trainTime = Readable.duration(seconds(t));
                    out.println("   trained in " + trainTime + " -> " + modelFile);
                    facts.add("CellPainTR: demo configuration (" + DemoConfiguration.network().dModel() + "-d, "
                            + DemoConfiguration.network().layers() + " layers), three stages trained in " + trainTime
                            + " on this machine; source token = experimental batch.");

                    out.println("== 4. Embed, then Score Batch Correction of all five (batch = experimental batch, "
                            + "label = compound)");
                    ProfileTable emb = new Embed().execute(EmbedSettings.bySourceColumn(BATCH),
                            new Embed.Input(profiles, model), new StderrProgress(err, "embed"));
                    tables.put("CellPainTR", emb);
                    write(emb, outDir.resolve("dahlin_embedding.parquet"), err, written);
                    t = System.nanoTime();
                    for (Map.Entry<String, ProfileTable> e : tables.entrySet()) {
                        scores.add(score(e.getKey(), e.getValue(), nullSize, outDir, err, written));
                    }
                    out.print(ComparisonTable.text(scores));
                    out.println("   (higher is better; overall = 0.4 batch + 0.6 bio; scored in "
                            + Readable.duration(seconds(t)) + ")");

                    out.println("== 5. Apply to an unseen dataset: CPJUMP1 pilot plates, no retraining");
                    List<Retrieval> retrieval = new ArrayList<>();
                    String note = unseen(model, data, rule, nullSize, outDir, out, err, written, retrieval);

                    out.println("== 6. Report");
                    List<Projection> projections = new ArrayList<>();
                    for (Map.Entry<String, ProfileTable> e : tables.entrySet()) {
                        err.println("[report] projecting " + e.getKey());
                        projections.add(Projection.of(e.getKey(), e.getValue(), BATCH, LABEL));
                    }
                    facts.add("Total time of the job on this machine: " + Readable.duration(seconds(started)) + ".");
                    Path report = outDir.resolve("report.html");
                    err.println("[report] drawing charts");
                    new HtmlReport("CellPainTR example: batch correction on the Dahlin cell-injury plates", facts,
                            scores, retrieval, note, projections).write(report);
                    written.add(report);
                }
            } finally {
                for (Map.Entry<String, ProfileTable> e : tables.entrySet()) {
                    if (e.getValue() != profiles) {
                        e.getValue().close();
                    }
                }
            }
        }
        out.println("== Done in " + Readable.duration(seconds(started)) + ". Files written:");
        written.forEach(p -> out.println("   " + p));
        return 0;
    }

    /**
     * The proxy source token for an unseen dataset: the model's codebook has no row for it, so Select Proxy Token
     * gives it one, copied from the learned source whose token gives the lowest masked-modelling loss on a sample of
     * the new wells (the automatic strategy; docs/method.md, section 6.3). The model gains a codebook row named
     * {@code newSource}, which Embed then uses for every well; the ranking of all candidates is written next to the
     * other results.
     */
    static ProxyChoice proxySource(CellPainTRModel model, ProfileTable aligned, String newSource, Path rankingFile,
            PrintStream err, List<Path> written) throws Exception {
        SelectProxyResult r = SelectProxyToken.chooseAutomatically(model, aligned, newSource,
                new StderrProgress(err, "proxy"));
        try (ProfileTable ranking = r.ranking()) {
            write(ranking, rankingFile, err, written);
        }
        r.warnings().forEach(w -> err.println("warning: " + w));
        return new ProxyChoice(r.newSource(), r.chosen(), r.explanation());
    }

    /** Intersect, embed with the proxy token, and score replicate retrieval of raw features against the embedding. */
    private static String unseen(CellPainTRModel model, Path data, FeatureColumnRule rule, int nullSize, Path outDir,
            PrintStream out, PrintStream err, List<Path> written, List<Retrieval> retrieval) throws Exception {
        try (ProfileTable shipped = TableOptions.read(data.resolve(CPJUMP1), rule, err);
                ProfileTable jump = shipped.selectRows(DuplicateRows.firstOccurrences(shipped));
                IntersectResult inter = new IntersectFeatures().execute(
                        IntersectSettings.defaults(model.vocabulary().names()), jump,
                        new StderrProgress(err, "intersect"))) {
            write(inter.report(), outDir.resolve("cpjump1_intersect_report.csv"), err, written);
            out.println("   " + (shipped.rowCount() - jump.rowCount()) + " exact duplicate rows of the shipped "
                    + "file left out (it repeats every well; workflows/data/README.md)");
            out.println("   " + inter.summary());
            ProxyChoice proxy = proxySource(model, inter.aligned(), NEW_SOURCE,
                    outDir.resolve("cpjump1_proxy_ranking.csv"), err, written);
            out.println("   proxy source token: '" + proxy.chosen() + "' (as new source '" + proxy.source() + "'); "
                    + proxy.reason());
            try (ProfileTable jumpEmb = new Embed().execute(EmbedSettings.withProxy(proxy.source()),
                    new Embed.Input(inter.aligned(), model), new StderrProgress(err, "embed"))) {
                write(jumpEmb, outDir.resolve("cpjump1_embedding.parquet"), err, written);
                retrieval.addAll(retrieval("raw intersected features", inter.aligned(), nullSize, err));
                retrieval.addAll(retrieval("CellPainTR, proxy token '" + proxy.chosen() + "'", jumpEmb, nullSize,
                        err));
            }
            write(Retrieval.table(retrieval), outDir.resolve("cpjump1_retrieval.csv"), err, written);
            HtmlReport.retrievalLines(retrieval).forEach(out::println);
            return "CPJUMP1 pilot compound plates from another lab, " + jump.rowCount() + " wells; features matched "
                    + "by name: " + inter.summary() + ". Embedded without retraining with the proxy source token of '"
                    + proxy.chosen() + "' chosen by Select Proxy Token (" + proxy.reason() + "). mAP (controls): each "
                    + "compound's replicates ranked against the DMSO wells of their plate; mAP (nonrep): against the "
                    + "other compounds of their plate. "
                    + "The pilot plates hold three compounds, one well each per plate, in the same position on every "
                    + "plate, so replicates are paired across plates regardless of well position, and nonrep has only "
                    + "two negatives per well, too few for small p-values. Retrieved: corrected p below 0.05.";
        }
    }

    private static List<Retrieval> retrieval(String representation, ProfileTable t, int nullSize, PrintStream err)
            throws Exception {
        // No well column: the pilot plates share one plate map, so a compound's replicates sit in the same well
        // position on different plates, and Arevalo et al.'s different-position rule would leave no replicate pair.
        ScoreSettings s = ScoreSettings.defaults(JUMP_PLATE, JUMP_LABEL, JUMP_PLATE, null, JUMP_CONTROL, "negcon",
                null).withMetrics(EnumSet.of(Metric.MAP_CONTROLS, Metric.MAP_NONREP)).withNullSize(nullSize);
        try (ScoreResult r = new ScoreBatchCorrection().execute(s, t, new StderrProgress(err, "retrieval"))) {
            return Retrieval.of(representation, r);
        }
    }

    /** The last epoch's losses of a training log, rounded; SupCon only where the stage has it. */
    static String epochLine(ProfileTable log, Stage stage) {
        MetadataColumn kind = log.column("kind").orElseThrow();
        for (int r = log.rowCount() - 1; r >= 0; r--) {
            if ("epoch".equals(kind.text(r))) {
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "stage %d (%s): %d epochs, last mean "
                        + "loss %s (masked MSE %s", stage.number(), stage.label().substring(2).replace('-', ' '),
                        (int) MethodScores.number(log.column("epoch").orElseThrow(), r) + 1,
                        loss(log, "loss", r), loss(log, "masked_mse", r)));
                if (!log.column("supcon").orElseThrow().isMissing(r)) {
                    b.append(", SupCon ").append(loss(log, "supcon", r));
                }
                return b.append(')').toString();
            }
        }
        return "stage " + stage.number() + " trained";
    }

    private static String loss(ProfileTable log, String column, int row) {
        return String.format(Locale.ROOT, "%.3f", MethodScores.number(log.column(column).orElseThrow(), row));
    }

    /**
     * The demo configuration's training settings for a stage; with {@code epochs} > 0 the stage runs that many epochs
     * instead of the demo's step budget (the test-size run).
     */
    private static TrainerSettings training(Stage stage, int epochs) {
        TrainerSettings t = DemoConfiguration.training(stage);
        return epochs > 0 ? t.withEpochs(epochs).withRecipe(t.recipe().withSteps(0)) : t;
    }

    /** Scores one method's table; the one Dahlin well without a compound name is left out. */
    private static MethodScores score(String method, ProfileTable t, int nullSize, Path outDir, PrintStream err,
            List<Path> written) throws Exception {
        MetadataColumn label = t.column(LABEL).orElseThrow();
        int[] labelled = IntStream.range(0, t.rowCount()).filter(r -> !label.isMissing(r)).toArray();
        ScoreSettings s = ScoreSettings.defaults(BATCH, LABEL, PLATE, "Well", CONTROL, "Negative", "Positive")
                .withNullSize(nullSize);
        try (ProfileTable sub = t.selectRows(labelled);
                ScoreResult r = new ScoreBatchCorrection().execute(s, sub,
                        new StderrProgress(err, "score " + method))) {
            write(r.metrics(), outDir.resolve("scores").resolve(fileName(method) + ".csv"), err, written);
            return MethodScores.of(method, r.metrics());
        }
    }

    /** A file name from a method name: "raw (normalised)" -> "raw_normalised". */
    static String fileName(String method) {
        return method.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    private static void write(ProfileTable t, Path file, PrintStream err, List<Path> written) throws Exception {
        TableOptions.write(t, file, err);
        written.add(file);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static int[] all(ProfileTable t) {
        return IntStream.range(0, t.rowCount()).toArray();
    }

    private static ProfileTable onPlates(ProfileTable t, List<String> plates) throws Args.UsageException {
        MetadataColumn plate = t.column(PLATE).orElseThrow();
        Set<String> wanted = new HashSet<>(plates);
        Set<String> present = new HashSet<>();
        int[] rows = IntStream.range(0, t.rowCount()).filter(r -> wanted.contains(plate.text(r))).toArray();
        for (int r : rows) {
            present.add(plate.text(r));
        }
        wanted.removeAll(present);
        if (!wanted.isEmpty()) {
            throw new Args.UsageException("--plates: no Dahlin plate named " + wanted);
        }
        return t.selectRows(rows);
    }

    private static int distinct(ProfileTable t, String column) {
        MetadataColumn c = t.column(column).orElseThrow();
        Set<String> values = new HashSet<>();
        for (int r = 0; r < t.rowCount(); r++) {
            values.add(c.text(r));
        }
        return values.size();
    }
}

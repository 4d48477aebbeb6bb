package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

import org.cellpaintr.engine.intersect.IntersectFeatures;
import org.cellpaintr.engine.intersect.IntersectResult;
import org.cellpaintr.engine.intersect.IntersectSettings;
import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.DuplicateRows;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedSettings;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageResult;
import org.cellpaintr.model.trainstage.TrainStageSettings;
import org.cellpaintr.model.trainer.Stage;

/**
 * {@code cellpaintr example}: the main job on the bundled real data, at the demo configuration. Normalises the
 * Dahlin cell-injury plates against their DMSO wells, trains the three-stage curriculum on them (source = the two
 * experimental batches), embeds them, scores the raw profiles and the embedding with Arevalo et al.'s metrics, and
 * applies the model without retraining to the CPJUMP1 pilot plates (another lab and feature set) through Intersect
 * Features, zero padding and a proxy source token.
 */
final class ExampleCommand implements Command {

    static final String DAHLIN = "dahlin_cell_injury/aligned_plate_holdout.csv.gz";
    static final String CPJUMP1 = "cpjump1_jump_pilot/overlapping_jump_data.csv.gz";
    static final String BATCH = "Experimental Condition [Experimental Batch]";
    static final String LABEL = "Compound Name";

    @Override
    public String name() {
        return "example";
    }

    @Override
    public String summary() {
        return "run the main job on the bundled example data (Dahlin + CPJUMP1), demo configuration";
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
            ProfileTable profiles = norm.normalized();
            TableOptions.write(profiles, outDir.resolve("dahlin_normalized.parquet"), err);
            TableOptions.write(norm.report(), outDir.resolve("dahlin_normalize_report.csv"), err);
            out.printf("   %d wells, %d features kept%n", dahlin.rowCount(), profiles.features().size());
            out.println(ControlSummary.controlSummary(profiles, "Control Type", "Negative"));

            out.println("== 2. Train Stage 1-3 (demo configuration: " + DemoConfiguration.network().dModel() + "-d, "
                    + DemoConfiguration.network().layers() + " layers, " + DemoConfiguration.EPOCHS + " epochs per stage; source = batch)");
            TrainStage train = new TrainStage();
            TrainStageSettings base = TrainStageSettings.of(DemoConfiguration.training(Stage.MASKED_MODELLING), BATCH, "Plate", null)
                    .withNewModel(DemoConfiguration.network());
            TrainStageResult r1 = train.execute(base, new TrainStage.Input(profiles, null, null),
                    new StderrProgress(err, "stage 1"));
            try (CellPainTRModel model = r1.model()) {
                out.println("   " + TrainCommand.lastEpochLine(r1.log(), Stage.MASKED_MODELLING));
                r1.log().close();
                for (Stage st : List.of(Stage.INTRA_SOURCE, Stage.INTER_SOURCE)) {
                    TrainStageSettings s = TrainStageSettings.of(DemoConfiguration.training(st), BATCH, "Plate", LABEL);
                    TrainStageResult r = train.execute(s, new TrainStage.Input(profiles, model, null),
                            new StderrProgress(err, "stage " + st.number()));
                    out.println("   " + TrainCommand.lastEpochLine(r.log(), st));
                    r.log().close();
                }
                Path modelFile = outDir.resolve("cellpaintr-demo.model");
                ModelArchive.save(model, modelFile);
                out.println("   -> " + modelFile);

                out.println("== 3. Embed and Score Batch Correction (batch = experimental batch, label = compound)");
                try (ProfileTable emb = new Embed().execute(EmbedSettings.bySourceColumn(BATCH),
                        new Embed.Input(profiles, model), new StderrProgress(err, "embed"))) {
                    TableOptions.write(emb, outDir.resolve("dahlin_embedding.parquet"), err);
                    double[] raw = score(profiles, err);
                    double[] cpt = score(emb, err);
                    out.printf(Locale.ROOT, "   %-28s %8s %8s %8s%n", "", "batch", "bio", "overall");
                    out.printf(Locale.ROOT, "   %-28s %8.3f %8.3f %8.3f%n", "normalised profiles", raw[0], raw[1], raw[2]);
                    out.printf(Locale.ROOT, "   %-28s %8.3f %8.3f %8.3f%n", "CellPainTR embedding (demo)", cpt[0], cpt[1],
                            cpt[2]);
                }

                out.println("== 4. Apply to an unseen dataset: CPJUMP1 pilot plates, no retraining");
                try (ProfileTable shipped = TableOptions.read(data.resolve(CPJUMP1), rule, err);
                        ProfileTable jump = shipped.selectRows(DuplicateRows.firstOccurrences(shipped));
                        IntersectResult inter = new IntersectFeatures().execute(
                                IntersectSettings.defaults(model.vocabulary().names()), jump,
                                new StderrProgress(err, "intersect"));
                        ProfileTable jumpEmb = new Embed().execute(EmbedSettings.withProxy(model.sources().names().get(0)),
                                new Embed.Input(inter.aligned(), model), new StderrProgress(err, "embed"))) {
                    TableOptions.write(inter.report(), outDir.resolve("cpjump1_intersect_report.csv"), err);
                    TableOptions.write(jumpEmb, outDir.resolve("cpjump1_embedding.parquet"), err);
                    out.println("   " + (shipped.rowCount() - jump.rowCount()) + " exact duplicate rows of the shipped "
                            + "file left out (it repeats every well; workflows/data/README.md)");
                    out.println("   " + inter.summary());
                    out.println("   embedded " + jumpEmb.rowCount() + " wells with proxy source '"
                            + model.sources().names().get(0) + "' -> " + outDir.resolve("cpjump1_embedding.parquet"));
                }
            }
        }
        return 0;
    }

    /** batch, bio and overall scores; the one Dahlin well without a compound name is left out. */
    private static double[] score(ProfileTable t, PrintStream err) throws Exception {
        MetadataColumn label = t.column(LABEL).orElseThrow();
        int[] labelled = IntStream.range(0, t.rowCount()).filter(r -> !label.isMissing(r)).toArray();
        ScoreSettings s = ScoreSettings.defaults(BATCH, LABEL, "Plate", "Well", "Control Type", "Negative", "Positive")
                .withNullSize(2000);
        try (ProfileTable sub = t.selectRows(labelled);
                ScoreResult r = new ScoreBatchCorrection().execute(s, sub, Progress.NONE)) {
            return new double[] {r.value("batch correction"), r.value("bio-conservation"), r.value("overall")};
        }
    }
}

package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.util.OutputLock;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.FilterMode;
import org.cellpaintr.model.config.MaskingMode;
import org.cellpaintr.model.config.MlpActivation;
import org.cellpaintr.model.config.SourcePlacement;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageResult;
import org.cellpaintr.model.trainstage.TrainStageSettings;
import org.cellpaintr.model.trainer.Batching;
import org.cellpaintr.model.trainer.RecipeText;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainer.TrainingRecipe;

/** {@code cellpaintr train --stage N}: one stage of the CellPainTR curriculum. */
final class TrainCommand implements Command {

    private static final Set<String> FLAGS = Set.of("group-by-source", "exclude-controls-as-positives",
            "source-table-first-epoch", "recompute-activations");
    private static final Set<String> VALUES = new HashSet<>(List.of("stage", "input", "model-in", "model-out", "log",
            "checkpoint", "source-column", "source", "plate-column", "label-column", "control-column", "control-value",
            "validation-plate", "epochs", "batch-size", "lr", "weight-decay", "seed", "clip", "batching", "d-model",
            "layers", "mlp-width", "filter-width", "order", "filter-mode", "masking", "device", "recipe", "steps",
            "warmup", "final-lr", "mask-ratio", "mse-weight", "supcon-weight", "temperature", "sampler", "zero-pad",
            "zero-pad-fraction", "source-placement", "mlp-activation", "max-skipped-fraction", "align-weight",
            "projection-width", "source-dropout", "micro-batch"));

    static {
        VALUES.addAll(TableOptions.VALUE_OPTIONS);
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "one stage of the curriculum: 1 masked modelling, 2 intra-source, 3 inter-source alignment";
    }

    @Override
    public String help() {
        return "usage: cellpaintr train --stage 1|2|3 --input FILE --model-out MODEL [--model-in MODEL] [options]\n\n"
                + "Stage 1 learns masked feature modelling (from scratch: the input's features become the model's\n"
                + "vocabulary; or continuing --model-in). Stages 2 and 3 continue --model-in with masked MSE + SupCon:\n"
                + "stage 2 draws every batch from one plate (or source), stage 3 mixes plates and sources.\n"
                + "The input must be normalised (cellpaintr normalize) and, when continuing, aligned to the model\n"
                + "(cellpaintr intersect --reference-model). A checkpoint is written after every epoch; rerunning the\n"
                + "same command after an interruption resumes from it.\n\n"
                + "Column roles:\n"
                + "  --source-column COL | --source NAME   data source ([SRC] token); new names extend the codebook\n"
                + "  --plate-column COL       plate (batches of stages 1-2 stay within a plate)\n"
                + "  --label-column COL       compound label for SupCon (stages 2-3)\n"
                + "  --group-by-source        stage 2: batches within a source instead of a plate\n"
                + "  --control-column COL --control-value V --exclude-controls-as-positives\n"
                + "                           negative controls are never positives (default: DMSO is one class)\n"
                + "  --validation-plate P     hold out plate P, evaluated every epoch (repeatable)\n"
                + "Training (defaults: the authors'):\n"
                + "  --epochs N (3/8/6)  --batch-size N (16)  --lr X (1e-4)  --weight-decay X (0)  --clip X (1.0)\n"
                + "  --seed N (42)  --batching within-group|global-shuffle  --source-table-first-epoch\n"
                + "  --max-skipped-fraction F (0.05)  stop with an error once more than this share of the run's\n"
                + "                           batches had a non-finite loss or gradient\n"
                + "Recipe (docs/model.md; default 'standard', 'authors' = the 2024 code exactly):\n"
                + "  --recipe standard|authors  --steps N (0: epochs decide)  --warmup F (0.05)  --final-lr F (0.1)\n"
                + "  --mask-ratio MIN,MAX (model's)  --mse-weight X (1; stages 2-3: 0.5)  --supcon-weight X (1)\n"
                + "  --temperature X (0.2; authors 0.07)  --align-weight X (0 = off): squared distance between the\n"
                + "                           sources' mean control embeddings (stages 2-3; docs/model.md)\n"
                + "  --sampler balanced:P,K,C|batching  stages 2-3: P compounds x K replicates + C controls (8,4,8)\n"
                + "  --zero-pad P (stages 2-3: 0.5; 0 = off)  --zero-pad-fraction MIN,MAX (0.1,0.5)\n"
                + "  --source-dropout P (0 = off)  a training row's [SRC] becomes the shared learned\n"
                + "                           '(unknown source)' vector with probability P\n"
                + "  --log FILE               training log table   --checkpoint FILE (default MODEL.checkpoint)\n"
                + "New model (stage 1 without --model-in; defaults: the authors' d 256, 4 layers, MLP 1024):\n"
                + "  --d-model N --layers N --mlp-width N --filter-width N --order N\n"
                + "  --filter-mode evident-intent|compat-2024  --masking channel-wise|per-feature  --device D\n"
                + "  --source-placement after-cls|every-token|end   where [SRC] enters (after-cls; compat-2024 filter: end)\n"
                + "  --projection-width N     SupCon projection head on [CLS] of width N (0: none, SupCon on [CLS])\n"
                + "  --mlp-activation gelu|gelu-tanh   the MLPs' GELU: exact (gelu; compat-2024 filter: gelu-tanh)\n"
                + "  --recompute-activations   recompute each block's activations in the backward pass: less memory\n"
                + "                            (the paper's size: see docs/benchmarks.md), about one more forward pass\n"
                + "  --micro-batch N          wells per forward pass inside a step (0: the whole batch); fewer wells,\n"
                + "                            the same gradient, less memory (the paper's size: see docs/benchmarks.md)\n"
                + TableOptions.HELP;
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, 1, FLAGS, VALUES);
        Stage stage;
        try {
            stage = Stage.parse(a.required("stage"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--stage: " + e.getMessage());
        }
        Path input = a.path("input");
        Path modelOut = a.path("model-out");
        Path log = a.optionalPath("log");
        Path modelIn = a.optionalPath("model-in");
        Path checkpoint = Path.of(a.get("checkpoint", modelOut + ".checkpoint"));
        TableOptions.guard().input("--input", input).input("--model-in", modelIn).output("--model-out", modelOut)
                .tableOutput("--log", log).output("--checkpoint", checkpoint).check();
        TrainStageSettings s = settings(a, stage);
        TrainStage op = new TrainStage();
        try (OutputLock lock = OutputLock.acquire("--model-out", modelOut, checkpoint, log)) {
            return train(a, stage, s, op, input, modelIn, modelOut, log, checkpoint, out, err);
        }
    }

    private static int train(Args a, Stage stage, TrainStageSettings s, TrainStage op, Path input, Path modelIn,
            Path modelOut, Path log, Path checkpoint, PrintStream out, PrintStream err) throws Exception {
        CellPainTRModel loaded = modelIn == null ? null : ModelArchive.load(modelIn, EmbedCommand.devices(a));
        try (ProfileTable table = TableOptions.read(input, TableOptions.rule(a), err)) {
            op.configure(s, new TrainStage.Spec(table.schema(), loaded == null ? null : loaded.vocabulary()));
            TrainStageResult r = op.execute(s, new TrainStage.Input(table, loaded, checkpoint),
                    new StderrProgress(err, "train stage " + stage.number()));
            try (CellPainTRModel model = r.model(); ProfileTable logTable = r.log()) {
                ModelArchive.save(model, modelOut);
                if (log != null) {
                    TableOptions.write(logTable, log, err);
                }
                Files.deleteIfExists(checkpoint);
                r.warnings().forEach(w -> err.println("warning: " + w));
                out.println(lastEpochLine(logTable, stage, s.training().epochs()) + skippedNote(r.skippedBatches())
                        + " -> " + modelOut);
            }
        } finally {
            if (loaded != null) {
                loaded.close();
            }
        }
        return 0;
    }

    static String skippedNote(int skipped) {
        return skipped == 0 ? "" : ", " + skipped + (skipped == 1 ? " batch" : " batches")
                + " skipped (non-finite loss or gradient)";
    }

    /** ", source sensitivity X" when the log measured it at row r (two or more sources), else "". */
    private static String sensitivity(ProfileTable log, int r) {
        return log.column("source_sensitivity").filter(c -> !c.isMissing(r))
                .map(c -> ", source sensitivity " + c.text(r)).orElse("");
    }

    static String lastEpochLine(ProfileTable log, Stage stage) {
        return lastEpochLine(log, stage, 0);
    }

    /** The last epoch's summary; epochs count from 1, as in the progress messages ({@code epochs} 0: not shown). */
    static String lastEpochLine(ProfileTable log, Stage stage, int epochs) {
        for (int r = log.rowCount() - 1; r >= 0; r--) {
            if ("epoch".equals(log.column("kind").orElseThrow().text(r))) {
                long epoch = Math.round(Double.parseDouble(log.column("epoch").orElseThrow().text(r))) + 1;
                return "stage " + stage.number() + " (" + stage.label() + "): epoch " + epoch + (epochs > 0 ? "/" + epochs : "")
                        + " mean loss " + log.column("loss").orElseThrow().text(r)
                        + " (masked MSE " + log.column("masked_mse").orElseThrow().text(r) + ", SupCon "
                        + log.column("supcon").orElseThrow().text(r) + ")" + sensitivity(log, r);
            }
        }
        return "stage " + stage.number() + " trained";
    }

    /** The recipe of --recipe with the single options applied on top (text forms: {@link RecipeText}). */
    static TrainingRecipe recipe(Args a, Stage stage) throws Args.UsageException {
        TrainingRecipe preset = parse("recipe", () -> RecipeText.preset(a.get("recipe", "standard"), stage));
        TrainingRecipe r = preset;
        TrainingRecipe.Schedule sc = r.schedule();
        if (a.has("steps") || a.has("warmup") || a.has("final-lr")) {
            r = r.withSchedule(new TrainingRecipe.Schedule(a.intValue("steps", sc.steps()),
                    a.number("warmup", sc.warmupFraction()), a.number("final-lr", sc.finalFraction())));
        }
        if (a.has("mask-ratio")) {
            double[] mr = parse("mask-ratio", () -> RecipeText.parseRange(a.get("mask-ratio", "")));
            r = r.withMaskRatio(mr[0], mr[1]);
        }
        TrainingRecipe.LossBalance lb = r.loss();
        if (a.has("mse-weight") || a.has("supcon-weight") || a.has("temperature") || a.has("align-weight")) {
            r = r.withLoss(new TrainingRecipe.LossBalance(a.number("mse-weight", lb.mseWeight()), lb.mseRelative(),
                    a.number("supcon-weight", lb.supConWeight()), a.number("temperature", lb.temperature()),
                    a.number("align-weight", lb.alignmentWeight())));
        }
        if (a.has("sampler")) {
            r = r.withSampling(parse("sampler", () -> RecipeText.parseSampler(a.get("sampler", ""))));
        }
        if (a.has("zero-pad") || a.has("zero-pad-fraction")) {
            TrainingRecipe.ZeroPadding z = r.zeroPadding();
            double[] f = a.has("zero-pad-fraction")
                    ? parse("zero-pad-fraction", () -> RecipeText.parseRange(a.get("zero-pad-fraction", "")))
                    : new double[] {z.active() ? z.minFraction() : 0.1, z.active() ? z.maxFraction() : 0.5};
            r = r.withZeroPadding(new TrainingRecipe.ZeroPadding(a.number("zero-pad", z.rowProbability()), f[0],
                    f[1]));
        }
        if (a.has("source-dropout")) {
            r = r.withSourceDropout(a.number("source-dropout", r.sourceDropout()));
        }
        return RecipeText.named(r, preset);
    }

    /** A text form parsed, its error reported against the option. */
    private static <T> T parse(String option, java.util.function.Supplier<T> parser) throws Args.UsageException {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + option + ": " + e.getMessage());
        }
    }

    static TrainStageSettings settings(Args a, Stage stage) throws Exception {
        TrainerSettings t = TrainerSettings.defaults(stage);
        try {
            t = t.withEpochs(a.intValue("epochs", t.epochs())).withBatchSize(a.intValue("batch-size",
                    t.batchSize())).withLearningRate(a.number("lr", t.learningRate()))
                    .withWeightDecay(a.number("weight-decay", t.weightDecay()), false)
                    .withClipNorm(a.number("clip", t.clipNorm())).withSeed(a.integer("seed", t.seed()))
                    .withBatching(a.choice("batching", Batching.class, t.batching()), t.dropLast())
                    .withSourceTableOnlyFirstEpoch(a.flag("source-table-first-epoch", t.sourceTableOnlyFirstEpoch()))
                    .withMaxSkippedFraction(a.number("max-skipped-fraction", t.maxSkippedFraction()))
                    .withRecipe(recipe(a, stage));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        CellPainTRConfig config = null;
        if (a.has("d-model") || a.has("layers") || a.has("mlp-width") || a.has("filter-width") || a.has("order")
                || a.has("filter-mode") || a.has("masking") || a.has("source-placement") || a.has("mlp-activation")
                || a.has("projection-width")) {
            CellPainTRConfig authors = CellPainTRConfig.authors();
            try {
                // the 2024 filter is the authors' reproduction: keep their [SRC] position and GELU with it
                boolean compat = a.has("filter-mode")
                        && FilterMode.parse(a.get("filter-mode", "")) == FilterMode.COMPAT_2024;
                config = CellPainTRConfig.builder().dModel(a.intValue("d-model", authors.dModel()))
                        .layers(a.intValue("layers", authors.layers()))
                        .mlpWidth(a.intValue("mlp-width", authors.mlpWidth()))
                        .filterWidth(a.intValue("filter-width", authors.filterWidth()))
                        .order(a.intValue("order", authors.order()))
                        .filterMode(a.has("filter-mode") ? FilterMode.parse(a.get("filter-mode", "")) : authors.filterMode())
                        .maskingMode(a.has("masking") ? MaskingMode.parse(a.get("masking", "")) : authors.maskingMode())
                        .sourcePlacement(a.has("source-placement")
                                ? parse("source-placement", () -> SourcePlacement.parse(a.get("source-placement", "")))
                                : compat ? SourcePlacement.END : authors.sourcePlacement())
                        .mlpActivation(a.has("mlp-activation")
                                ? parse("mlp-activation", () -> MlpActivation.parse(a.get("mlp-activation", "")))
                                : compat ? MlpActivation.GELU_TANH : authors.mlpActivation())
                        .projectionWidth(a.intValue("projection-width", authors.projectionWidth()))
                        .build();
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(e.getMessage());
            }
        }
        return new TrainStageSettings(t, a.get("source-column", null), a.get("source", null),
                a.get("plate-column", "Metadata_Plate"), a.flag("group-by-source", false), a.get("label-column", null),
                a.get("control-column", null), a.all("control-value", List.of()),
                a.flag("exclude-controls-as-positives", false), a.all("validation-plate", List.of()), config,
                EmbedCommand.devices(a), a.flag("recompute-activations", false), a.intValue("micro-batch", 0));
    }
}

package org.cellpaintr.model.trainstage;

import java.util.List;

import org.cellpaintr.engine.settings.JumpDefaults;
import org.cellpaintr.engine.settings.RoleKeys;
import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.FilterMode;
import org.cellpaintr.model.config.MaskingMode;
import org.cellpaintr.model.config.MlpActivation;
import org.cellpaintr.model.config.SourcePlacement;
import org.cellpaintr.model.device.DeviceKeys;
import org.cellpaintr.model.trainer.Batching;
import org.cellpaintr.model.trainer.RecipeText;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainer.TrainingRecipe;

/**
 * Saved form of {@link TrainStageSettings}; keys are the options of {@code cellpaintr train}. The stage is read
 * first and its defaults (the authors' epochs and batching per stage) fill the keys a saved tree lacks. The
 * network keys only matter for stage 1 without an input model; a model passed in keeps its own network.
 */
public final class TrainStageCodec implements SettingsCodec<TrainStageSettings> {

    public static final String STAGE = "stage";
    /** The checkpoint file (empty: none); not part of the settings record, the command passes it as an input. */
    public static final String CHECKPOINT = "checkpoint";
    /**
     * The MLPs' activation of a new model. Settings saved before the key existed take the default (exact GELU): the
     * key only shapes models trained from now on, and a trained model keeps the activation its archive records.
     */
    public static final String MLP_ACTIVATION = "mlp-activation";
    /** Recompute block activations in the backward pass (less memory); off by default. */
    public static final String RECOMPUTE_ACTIVATIONS = "recompute-activations";
    public static final String MICRO_BATCH = "micro-batch";

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SettingsTree defaults() {
        return defaults(Stage.MASKED_MODELLING);
    }

    private SettingsTree defaults(Stage stage) {
        TrainStageSettings s = TrainStageSettings.of(TrainerSettings.defaults(stage), JumpDefaults.SOURCE,
                JumpDefaults.PLATE, JumpDefaults.COMPOUND).withNewModel(CellPainTRConfig.authors());
        SettingsTree t = encode(s);
        RoleKeys.putControls(t, JumpDefaults.controls());
        return t;
    }

    @Override
    public TrainStageSettings decode(SettingsTree saved) throws SettingsException {
        Stage stage;
        try {
            stage = Stage.parse(saved.has(STAGE) ? String.valueOf(saved.value(STAGE).text()) : "1");
        } catch (IllegalArgumentException e) {
            throw new SettingsException(STAGE, e.getMessage());
        }
        if (saved.version() > version()) {
            complete(saved);
        }
        SettingsTree t = saved.over(defaults(stage));
        TrainerSettings training;
        try {
            training = TrainerSettings.defaults(stage).withEpochs(positive(t, "epochs"))
                    .withBatchSize(t.integer("batch-size")).withLearningRate(t.number("lr"))
                    .withWeightDecay(t.number("weight-decay"), false).withClipNorm(t.number("clip"))
                    .withSeed(t.longValue("seed"))
                    .withBatching(t.choice("batching", Batching.class), TrainerSettings.defaults(stage).dropLast())
                    .withSourceTableOnlyFirstEpoch(t.bool("source-table-first-epoch"))
                    .withMaxSkippedFraction(t.number("max-skipped-fraction"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("training", e.getMessage());
        }
        training = training.withRecipe(decodeRecipe(t, stage));
        CellPainTRConfig config;
        try {
            config = CellPainTRConfig.builder().dModel(t.integer("d-model")).layers(t.integer("layers"))
                    .mlpWidth(t.integer("mlp-width")).filterWidth(t.integer("filter-width")).order(t.integer("order"))
                    .filterMode(FilterMode.parse(t.string("filter-mode")))
                    .maskingMode(MaskingMode.parse(t.string("masking")))
                    .sourcePlacement(SourcePlacement.parse(t.string("source-placement")))
                    .mlpActivation(MlpActivation.parse(t.string(MLP_ACTIVATION)))
                    .projectionWidth(t.integer("projection-width")).build();
        } catch (IllegalArgumentException e) {
            throw new SettingsException("model configuration", e.getMessage());
        }
        RoleKeys.Controls c = RoleKeys.controls(t);
        TrainStageSettings s = new TrainStageSettings(training, t.optionalString(RoleKeys.SOURCE_COLUMN),
                t.optionalString(RoleKeys.SOURCE), RoleKeys.singlePlate(t), t.bool("group-by-source"),
                t.optionalString(RoleKeys.LABEL_COLUMN), c.column(), c.values(),
                t.bool("exclude-controls-as-positives"), t.strings("validation-plate"), config, DeviceKeys.read(t),
                t.bool(RECOMPUTE_ACTIVATIONS), t.integer(MICRO_BATCH));
        s.validate();
        return s;
    }

    /** The recipe keys (text forms of {@link RecipeText}, as {@code cellpaintr train} reads them). */
    private static TrainingRecipe decodeRecipe(SettingsTree t, Stage stage) throws SettingsException {
        TrainingRecipe base = parsed("recipe", () -> RecipeText.preset(t.string("recipe"), stage));
        try {
            TrainingRecipe r = base.withSchedule(new TrainingRecipe.Schedule(t.integer("steps"), t.number("warmup"),
                    t.number("final-lr")));
            double[] mask = parsed("mask-ratio", () -> RecipeText.parseRange(t.string("mask-ratio")));
            r = r.withMaskRatio(mask[0], mask[1]);
            r = r.withLoss(new TrainingRecipe.LossBalance(t.number("mse-weight"), base.loss().mseRelative(),
                    parsed("supcon-weight", () -> RecipeText.parseOptional(t.string("supcon-weight"))),
                    parsed("temperature", () -> RecipeText.parseOptional(t.string("temperature"))),
                    t.number("align-weight")));
            r = r.withSampling(parsed("sampler", () -> RecipeText.parseSampler(t.string("sampler"))));
            double[] pad = parsed("zero-pad-fraction", () -> RecipeText.parseRange(t.string("zero-pad-fraction")));
            return RecipeText.named(r.withZeroPadding(new TrainingRecipe.ZeroPadding(t.number("zero-pad"), pad[0],
                    pad[1])).withSourceDropout(t.number("source-dropout")), base);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("recipe", e.getMessage());
        }
    }

    /** A value read through a text form, its error reported against {@code key}. */
    private static <T> T parsed(String key, TextForm<T> form) throws SettingsException {
        try {
            return form.read();
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key, e.getMessage());
        }
    }

    private interface TextForm<T> {
        T read() throws SettingsException;
    }

    private static int positive(SettingsTree t, String key) throws SettingsException {
        int v = t.integer(key);
        if (v < 1) {
            throw new SettingsException(key, "must be at least 1, was " + v);
        }
        return v;
    }

    /** The checkpoint path of a saved tree, or null for none. */
    public static String checkpoint(SettingsTree saved) throws SettingsException {
        return saved.has(CHECKPOINT) ? saved.optionalString(CHECKPOINT) : null;
    }

    @Override
    public SettingsTree encode(TrainStageSettings s) {
        SettingsTree t = versioned();
        TrainerSettings tr = s.training();
        t.put(STAGE, String.valueOf(tr.stage().number()));
        RoleKeys.putColumn(t, RoleKeys.SOURCE_COLUMN, s.sourceColumn());
        RoleKeys.putColumn(t, RoleKeys.SOURCE, s.fixedSource());
        t.put(RoleKeys.PLATE_COLUMN, s.plateColumn() == null ? List.of() : List.of(s.plateColumn()));
        t.put("group-by-source", s.groupBySource());
        RoleKeys.putColumn(t, RoleKeys.LABEL_COLUMN, s.labelColumn());
        RoleKeys.putControls(t, new RoleKeys.Controls(s.controlColumn(), s.controlValues()));
        t.put("exclude-controls-as-positives", s.excludeControlsAsPositives());
        t.put("validation-plate", s.validationPlates());
        t.put("epochs", tr.epochs());
        t.put("batch-size", tr.batchSize());
        t.put("lr", tr.learningRate());
        t.put("weight-decay", tr.weightDecay());
        t.put("clip", tr.clipNorm());
        t.put("seed", tr.seed());
        t.put("batching", SettingsTree.spell(tr.batching()));
        t.put("source-table-first-epoch", tr.sourceTableOnlyFirstEpoch());
        t.put("max-skipped-fraction", tr.maxSkippedFraction());
        TrainingRecipe r = tr.recipe();
        // "custom" is written as the preset whose hidden choice (relative MSE) it keeps; every other value is a key
        t.put("recipe", r.loss().mseRelative() ? "standard" : "authors");
        t.put("steps", r.schedule().steps());
        t.put("warmup", r.schedule().warmupFraction());
        t.put("final-lr", r.schedule().finalFraction());
        t.put("mask-ratio", RecipeText.range(r.maskRatioMin(), r.maskRatioMax()));
        t.put("mse-weight", r.loss().mseWeight());
        t.put("supcon-weight", RecipeText.optional(r.loss().supConWeight()));
        t.put("temperature", RecipeText.optional(r.loss().temperature()));
        t.put("align-weight", r.loss().alignmentWeight());
        t.put("sampler", RecipeText.sampler(r.sampling()));
        t.put("zero-pad", r.zeroPadding().rowProbability());
        t.put("zero-pad-fraction", RecipeText.range(r.zeroPadding().minFraction(), r.zeroPadding().maxFraction()));
        t.put("source-dropout", r.sourceDropout());
        CellPainTRConfig m = s.newModel() != null ? s.newModel() : CellPainTRConfig.authors();
        t.put("d-model", m.dModel());
        t.put("layers", m.layers());
        t.put("mlp-width", m.mlpWidth());
        t.put("filter-width", m.filterWidth());
        t.put("order", m.order());
        t.put("filter-mode", m.filterMode().label());
        t.put("masking", m.maskingMode().label());
        t.put("source-placement", m.sourcePlacement().label());
        t.put(MLP_ACTIVATION, m.mlpActivation().label());
        t.put("projection-width", m.projectionWidth());
        DeviceKeys.put(t, s.device());
        t.put(RECOMPUTE_ACTIVATIONS, s.recomputeActivations());
        t.put(MICRO_BATCH, s.microBatch());
        t.put(CHECKPOINT, "");
        return t;
    }
}

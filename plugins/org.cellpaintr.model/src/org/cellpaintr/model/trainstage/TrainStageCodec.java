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
import org.cellpaintr.model.device.DeviceKeys;
import org.cellpaintr.model.trainer.Batching;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;

/**
 * Saved form of {@link TrainStageSettings}; keys are the options of {@code cellpaintr train}. The stage is read
 * first and its defaults (the authors' epochs and batching per stage) fill the keys a saved tree lacks. The
 * network keys only matter for stage 1 without an input model; a model passed in keeps its own network.
 */
public final class TrainStageCodec implements SettingsCodec<TrainStageSettings> {

    public static final String STAGE = "stage";
    /** The checkpoint file (empty: none); not part of the settings record, the command passes it as an input. */
    public static final String CHECKPOINT = "checkpoint";

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
                    .withSourceTableOnlyFirstEpoch(t.bool("source-table-first-epoch"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("training", e.getMessage());
        }
        CellPainTRConfig config;
        try {
            config = CellPainTRConfig.builder().dModel(t.integer("d-model")).layers(t.integer("layers"))
                    .mlpWidth(t.integer("mlp-width")).filterWidth(t.integer("filter-width")).order(t.integer("order"))
                    .filterMode(FilterMode.parse(t.string("filter-mode")))
                    .maskingMode(MaskingMode.parse(t.string("masking"))).build();
        } catch (IllegalArgumentException e) {
            throw new SettingsException("model configuration", e.getMessage());
        }
        RoleKeys.Controls c = RoleKeys.controls(t);
        TrainStageSettings s = new TrainStageSettings(training, t.optionalString(RoleKeys.SOURCE_COLUMN),
                t.optionalString(RoleKeys.SOURCE), RoleKeys.singlePlate(t), t.bool("group-by-source"),
                t.optionalString(RoleKeys.LABEL_COLUMN), c.column(), c.values(),
                t.bool("exclude-controls-as-positives"), t.strings("validation-plate"), config, DeviceKeys.read(t));
        s.validate();
        return s;
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
        CellPainTRConfig m = s.newModel() != null ? s.newModel() : CellPainTRConfig.authors();
        t.put("d-model", m.dModel());
        t.put("layers", m.layers());
        t.put("mlp-width", m.mlpWidth());
        t.put("filter-width", m.filterWidth());
        t.put("order", m.order());
        t.put("filter-mode", m.filterMode().label());
        t.put("masking", m.maskingMode().label());
        DeviceKeys.put(t, s.device());
        t.put(CHECKPOINT, "");
        return t;
    }
}

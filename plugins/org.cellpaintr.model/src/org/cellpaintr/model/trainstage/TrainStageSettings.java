package org.cellpaintr.model.trainstage;

import java.util.List;

import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.trainer.TrainerSettings;

/**
 * Settings of Train Stage: the stage's training settings plus the table's column roles.
 *
 * @param training          stage, epochs, batch size, learning rate, seed, ... ({@link TrainerSettings#defaults})
 * @param sourceColumn      column naming each well's data source (selects the [SRC] row; new names extend the
 *                          codebook); null with {@code fixedSource}
 * @param fixedSource       one source name for every well (a single-source dataset); null with {@code sourceColumn}
 * @param plateColumn       the plate: batches of stages 1-2 never mix plates
 * @param groupBySource     stage 2 only: batches are drawn per source instead of per plate
 * @param labelColumn       compound label for SupCon (InChIKey, JCP2022, name); needed by stages 2-3
 * @param controlColumn     column marking negative controls (with {@code controlValues}); null: no special handling
 * @param controlValues     values of {@code controlColumn} that mark negative controls
 * @param excludeControlsAsPositives true: negative controls are never positives of each other (their label is
 *                          dropped); false (the authors' code): DMSO is one class like any compound
 * @param validationPlates  plates held out and evaluated after every epoch (empty: no validation)
 * @param newModel          stage 1 from scratch: the network configuration (null: the authors')
 * @param device            stage 1 from scratch: where the new model computes (null: CPU); a model passed in
 *                          keeps the device it was loaded on
 * @param recomputeActivations training recomputes each encoder block's activations in the backward pass instead of
 *                          storing them (less memory, about one more forward pass; same results to float rounding)
 * @param microBatch        wells per forward pass inside a training step; 0: the whole batch in one pass (the
 *                          authors'). Fewer wells give the same gradient with less memory
 *                          ({@code CellPainTRModel.trainingMicroBatch()})
 */
public record TrainStageSettings(TrainerSettings training, String sourceColumn, String fixedSource, String plateColumn,
        boolean groupBySource, String labelColumn, String controlColumn, List<String> controlValues,
        boolean excludeControlsAsPositives, List<String> validationPlates, CellPainTRConfig newModel,
        DeviceChoice device, boolean recomputeActivations, int microBatch) {

    public TrainStageSettings {
        controlValues = controlValues == null ? List.of() : List.copyOf(controlValues);
        validationPlates = validationPlates == null ? List.of() : List.copyOf(validationPlates);
        device = device == null ? DeviceChoice.cpu() : device;
    }

    /** As the canonical constructor, with whole-batch forward passes (the default). */
    public TrainStageSettings(TrainerSettings training, String sourceColumn, String fixedSource, String plateColumn,
            boolean groupBySource, String labelColumn, String controlColumn, List<String> controlValues,
            boolean excludeControlsAsPositives, List<String> validationPlates, CellPainTRConfig newModel,
            DeviceChoice device, boolean recomputeActivations) {
        this(training, sourceColumn, fixedSource, plateColumn, groupBySource, labelColumn, controlColumn,
                controlValues, excludeControlsAsPositives, validationPlates, newModel, device, recomputeActivations, 0);
    }

    /** As the canonical constructor, storing every block's activations (the default). */
    public TrainStageSettings(TrainerSettings training, String sourceColumn, String fixedSource, String plateColumn,
            boolean groupBySource, String labelColumn, String controlColumn, List<String> controlValues,
            boolean excludeControlsAsPositives, List<String> validationPlates, CellPainTRConfig newModel,
            DeviceChoice device) {
        this(training, sourceColumn, fixedSource, plateColumn, groupBySource, labelColumn, controlColumn,
                controlValues, excludeControlsAsPositives, validationPlates, newModel, device, false);
    }

    /** The authors' settings of a stage, with the given column roles, no validation, the authors' network. */
    public static TrainStageSettings of(TrainerSettings training, String sourceColumn, String plateColumn,
            String labelColumn) {
        return new TrainStageSettings(training, sourceColumn, null, plateColumn, false, labelColumn, null, List.of(),
                false, List.of(), null, DeviceChoice.cpu());
    }

    public TrainStageSettings withTraining(TrainerSettings t) {
        return new TrainStageSettings(t, sourceColumn, fixedSource, plateColumn, groupBySource, labelColumn,
                controlColumn, controlValues, excludeControlsAsPositives, validationPlates, newModel, device,
                recomputeActivations, microBatch);
    }

    public TrainStageSettings withNewModel(CellPainTRConfig config) {
        return new TrainStageSettings(training, sourceColumn, fixedSource, plateColumn, groupBySource, labelColumn,
                controlColumn, controlValues, excludeControlsAsPositives, validationPlates, config, device,
                recomputeActivations, microBatch);
    }

    public TrainStageSettings withControls(String column, List<String> values, boolean excludeAsPositives) {
        return new TrainStageSettings(training, sourceColumn, fixedSource, plateColumn, groupBySource, labelColumn,
                column, values, excludeAsPositives, validationPlates, newModel, device,
                recomputeActivations, microBatch);
    }

    public TrainStageSettings withValidationPlates(List<String> plates) {
        return new TrainStageSettings(training, sourceColumn, fixedSource, plateColumn, groupBySource, labelColumn,
                controlColumn, controlValues, excludeControlsAsPositives, plates, newModel, device,
                recomputeActivations, microBatch);
    }

    public TrainStageSettings withRecomputeActivations(boolean on) {
        return new TrainStageSettings(training, sourceColumn, fixedSource, plateColumn, groupBySource, labelColumn,
                controlColumn, controlValues, excludeControlsAsPositives, validationPlates, newModel, device, on,
                microBatch);
    }

    public TrainStageSettings withMicroBatch(int wells) {
        return new TrainStageSettings(training, sourceColumn, fixedSource, plateColumn, groupBySource, labelColumn,
                controlColumn, controlValues, excludeControlsAsPositives, validationPlates, newModel, device,
                recomputeActivations, wells);
    }

    static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    void validate() throws SettingsException {
        if (training == null) {
            throw new SettingsException("stage", "no stage chosen");
        }
        if (microBatch < 0) {
            throw new SettingsException("micro-batch", "must be 0 (whole batches) or at least 1 well, was " + microBatch);
        }
        if (present(sourceColumn) == present(fixedSource)) {
            throw new SettingsException("source", "choose either a source column or one source name for all wells");
        }
        if (!present(plateColumn)) {
            throw new SettingsException("plate column", "choose the column that identifies the plate");
        }
        if (training.stage().contrastive() && !present(labelColumn)) {
            throw new SettingsException("label column", "stage " + training.stage().number()
                    + " learns from replicates: choose the compound label column (e.g. Metadata_InChIKey)");
        }
        if (excludeControlsAsPositives && (!present(controlColumn) || controlValues.isEmpty())) {
            throw new SettingsException("control column", "to exclude negative controls as positives, choose the "
                    + "control column and its negative-control values");
        }
        if (groupBySource && training.stage().number() != 2) {
            throw new SettingsException("group by source", "applies to stage 2 only");
        }
    }
}

package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.SourcePlacement;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainer.TrainingRecipe;
import org.cellpaintr.model.trainstage.TrainStageCodec;
import org.cellpaintr.model.trainstage.TrainStageSettings;
import org.junit.jupiter.api.Test;

/**
 * The Train Stage node's saved settings carry the whole training recipe, the skip limit and the [SRC] placement, so
 * that a workflow (or {@code cellpaintr train --settings}) trains exactly what the settings record says.
 */
class TrainStageCodecTest {

    private final TrainStageCodec codec = new TrainStageCodec();

    private static TrainStageSettings custom() {
        TrainingRecipe r = TrainingRecipe.standard(Stage.INTRA_SOURCE).withSteps(150).withMaskRatio(0.2, 0.4)
                .withLoss(new TrainingRecipe.LossBalance(0.25, true, 2, 0.3, 0.75))
                .withSampling(new TrainingRecipe.BalancedSampling(6, 3, 4))
                .withZeroPadding(new TrainingRecipe.ZeroPadding(0.7, 0.2, 0.45)).withSourceDropout(0.2);
        TrainerSettings t = TrainerSettings.defaults(Stage.INTRA_SOURCE).withMaxSkippedFraction(0.125).withRecipe(r);
        CellPainTRConfig net = CellPainTRConfig.builder().dModel(32).layers(2).mlpWidth(128).filterWidth(16)
                .sourcePlacement(SourcePlacement.EVERY_TOKEN).projectionWidth(16).build();
        return TrainStageSettings.of(t, "Metadata_Batch", "Metadata_Plate", "Metadata_Compound").withNewModel(net)
                .withRecomputeActivations(true).withMicroBatch(3);
    }

    @Test
    void aCustomRecipeSurvivesTheSavedForm() throws SettingsException {
        TrainStageSettings s = custom();
        TrainStageSettings back = codec.decode(codec.encode(s));
        assertEquals(s.training(), back.training());
        assertEquals(s.newModel().sourcePlacement(), back.newModel().sourcePlacement());
        assertEquals(16, back.newModel().projectionWidth());
        assertEquals(0.2, back.training().recipe().sourceDropout());
        assertEquals(true, back.recomputeActivations());
        assertEquals(false, codec.decode(codec.defaults()).recomputeActivations());
        assertEquals(3, back.microBatch());
        assertEquals(0, codec.decode(codec.defaults()).microBatch(), "whole batches by default");
        assertEquals("balanced:6,3,4", codec.encode(s).string("sampler"));
        assertEquals("0.2,0.4", codec.encode(s).string("mask-ratio"));
    }

    @Test
    void settingsSavedBeforeTheAlignmentTermReadItAsOff() throws SettingsException {
        SettingsTree now = codec.encode(custom());
        assertEquals(0.75, now.number("align-weight"));
        SettingsTree old = new SettingsTree();
        for (String k : now.keys()) {
            if (!k.equals("align-weight")) {
                old.put(k, now.value(k));
            }
        }
        TrainStageSettings back = codec.decode(old);
        assertEquals(0, back.training().recipe().loss().alignmentWeight());
        assertEquals(custom().training().recipe().loss().withAlignmentWeight(0), back.training().recipe().loss());
    }

    @Test
    void theAuthorsRecipeKeepsTheModelsLossSettingsAndItsPlainMse() throws SettingsException {
        TrainStageSettings s = custom().withTraining(TrainerSettings.authors(Stage.INTER_SOURCE));
        SettingsTree t = codec.encode(s);
        assertEquals("authors", t.string("recipe"));
        assertEquals("", t.string("temperature"), "NaN (the model configuration's value) is saved as empty");
        assertEquals("batching", t.string("sampler"));
        assertEquals(s.training(), codec.decode(t).training());
    }

    @Test
    void badRecipeTextIsRefusedNamingTheKey() {
        for (String[] bad : new String[][] {{"sampler", "balanced:8,4"}, {"mask-ratio", "0.5"},
                {"temperature", "warm"}, {"recipe", "fast"}}) {
            SettingsTree t = codec.encode(custom());
            t.put(bad[0], bad[1]);
            SettingsException e = assertThrows(SettingsException.class, () -> codec.decode(t), bad[0]);
            assertEquals(bad[0], e.setting(), e.getMessage());
        }
        SettingsTree t = codec.encode(custom());
        t.put("max-skipped-fraction", 1.5);
        SettingsException e = assertThrows(SettingsException.class, () -> codec.decode(t));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }
}

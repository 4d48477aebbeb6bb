package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.StepLosses;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.masking.MaskSample;
import org.cellpaintr.model.optim.AdamW;
import org.junit.jupiter.api.Test;

/** A tiny model trained briefly on the real Dahlin plates must reconstruct held-out masked values better. */
class DahlinMaskedModellingTest {

    @Test
    void maskedModellingLossFallsOnRealPlates() throws Exception {
        DahlinPlates data = DahlinPlates.load();
        assertEquals(1948, data.rows.size());
        assertEquals(352, data.features.size());
        FeatureVocabulary vocab = new FeatureVocabulary(data.features);
        List<String> sources = data.batches.stream().distinct().sorted().toList();
        CellPainTRConfig c = CellPainTRConfig.builder().dModel(16).layers(1).filterWidth(16).mlpWidth(32).build();
        int f = vocab.size();

        // hold out every 8th well; fixed validation masks
        List<Integer> train = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < data.rows.size(); i++) {
            (i % 8 == 0 ? held : train).add(i);
        }
        try (CellPainTRModel model = CellPainTRModel.create(c, vocab, sources, 2024, DeviceChoice.cpu());
                AdamW opt = new AdamW(model, AdamW.Settings.authors().withLearningRate(3e-3))) {
            List<TrainingBatch> validation = new ArrayList<>();
            List<MaskSample> validationMasks = new ArrayList<>();
            SplittableRandom vr = new SplittableRandom(99);
            for (int start = 0; start + 32 <= held.size(); start += 32) {
                TrainingBatch b = batch(data, model, held.subList(start, start + 32), f, 0);
                validation.add(b);
                validationMasks.add(model.sampleMask(b, vr));
            }
            double before = validationLoss(model, validation, validationMasks);

            SplittableRandom rng = new SplittableRandom(7);
            int steps = 200;
            int window = 40;
            double first = 0;
            double last = 0;
            for (int s = 0; s < steps; s++) {
                List<Integer> pick = new ArrayList<>();
                for (int k = 0; k < 16; k++) {
                    pick.add(train.get(rng.nextInt(train.size())));
                }
                TrainingBatch b = batch(data, model, pick, f, s);
                try (TrainingStep step = model.newTrainingStep()) {
                    StepLosses l = step.forwardBackward(b, model.sampleMask(b, rng));
                    assertTrue(l.finite(), "step " + s + " is not finite");
                    opt.step();
                    if (s < window) {
                        first += l.maskedMse();
                    } else if (s >= steps - window) {
                        last += l.maskedMse();
                    }
                }
            }
            double after = validationLoss(model, validation, validationMasks);
            // measured here: 0.103 -> 0.076 after 200 steps (channel-wise masks hide whole channels, so much of
            // the variance is not recoverable from the other features)
            assertTrue(after < 0.85 * before, "held-out masked MSE " + before + " -> " + after);
            assertTrue(last < first, "training loss " + first / window + " -> " + last / window);
        }
    }

    private static TrainingBatch batch(DahlinPlates d, CellPainTRModel model, List<Integer> idx, int f, long seed) {
        float[] values = new float[idx.size() * f];
        int[] src = new int[idx.size()];
        for (int k = 0; k < idx.size(); k++) {
            System.arraycopy(d.rows.get(idx.get(k)), 0, values, k * f, f);
            src[k] = model.sources().rowOf(d.batches.get(idx.get(k)));
        }
        return new TrainingBatch(values, idx.size(), src, null, seed);
    }

    private static double validationLoss(CellPainTRModel model, List<TrainingBatch> batches, List<MaskSample> masks) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < batches.size(); i++) {
            try (TrainingStep step = model.newTrainingStep()) {
                StepLosses l = step.evaluate(batches.get(i), masks.get(i));
                sum += l.maskedMse() * l.maskedCount();
                count += l.maskedCount();
            }
        }
        return sum / count;
    }
}

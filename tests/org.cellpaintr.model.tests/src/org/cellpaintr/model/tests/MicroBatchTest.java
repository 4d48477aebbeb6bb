package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.StepLosses;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.loss.LossWeights;
import org.cellpaintr.model.masking.MaskSample;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * A training step run in micro-batches (gradient caching for the contrastive terms) gives the gradient of the
 * whole-batch step: same losses and same gradient for every parameter (to float rounding) without dropout, for
 * micro-batches that divide the batch and ones that do not, with the relative MSE, the alignment term and recomputed
 * activations; with dropout on, the gradient is that of the losses the step reports.
 */
class MicroBatchTest {

    private static final int FEATURES = 20;
    /** SupCon, relative MSE and the alignment term all on: every term of the loss goes through micro-batches. */
    private static final LossWeights ALL_TERMS = new LossWeights(0.5, true, 1, 0.1, 0.5);

    private static TrainingBatch batch() {
        return new TrainingBatch(Fixtures.gaussian(7 * FEATURES, 11), 7, new int[] {0, 1, 1, 0, 1, 0, 0},
                new int[] {0, 0, 1, 1, 2, 2, 3}, 77);
    }

    private static CellPainTRConfig noDropout() {
        return Fixtures.tiny().toBuilder().layers(2).embedDropout(0).residDropout(0).build();
    }

    /** Losses {total, masked MSE, SupCon} and every parameter's gradient after one step. */
    private static Map<String, float[]> gradients(CellPainTRConfig c, int micro, boolean recompute,
            double[] lossesOut) {
        try (CellPainTRModel m = CellPainTRModel.create(c, Fixtures.vocabulary(FEATURES), List.of("a", "b"), 5,
                DeviceChoice.cpu())) {
            m.trainingMicroBatch(micro);
            m.recomputeActivations(recompute);
            TrainingBatch b = batch();
            MaskSample mask = m.sampleMask(b, new SplittableRandom(4));
            Map<String, float[]> out = new LinkedHashMap<>();
            try (TrainingStep step = m.newTrainingStep()) {
                StepLosses l = step.forwardBackward(b, mask, ALL_TERMS);
                assertTrue(l.finite());
                lossesOut[0] = l.total();
                lossesOut[1] = l.maskedMse();
                lossesOut[2] = l.supCon();
                for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
                    try (NDArray g = e.getValue().getArray().getGradient()) {
                        out.put(e.getKey(), g.toFloatArray());
                    }
                }
            }
            return out;
        }
    }

    @Test
    void microBatchedStepsHaveTheWholeBatchGradient() {
        double[] whole = new double[3];
        Map<String, float[]> a = gradients(noDropout(), 0, false, whole);
        for (int micro : new int[] {1, 3, 4}) {
            for (boolean recompute : new boolean[] {false, true}) {
                String what = "micro-batch " + micro + (recompute ? ", recomputed" : "");
                double[] parts = new double[3];
                Map<String, float[]> b = gradients(noDropout(), micro, recompute, parts);
                assertEquals(whole[0], parts[0], 1e-5 * Math.abs(whole[0]), "total loss, " + what);
                assertEquals(whole[1], parts[1], 1e-5 * Math.abs(whole[1]), "masked MSE, " + what);
                assertEquals(whole[2], parts[2], 1e-5 * Math.abs(whole[2]), "SupCon, " + what);
                int nonZero = 0;
                for (String name : a.keySet()) {
                    float[] x = a.get(name);
                    double scale = 0;
                    for (float v : x) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    nonZero += scale > 0 ? 1 : 0;
                    assertArrayEquals(x, b.get(name), (float) (1e-4 * scale + 1e-9), "gradient of " + name + ", "
                            + what);
                }
                assertTrue(nonZero >= a.size() - 2, "only " + nonZero + " of " + a.size() + " gradients non-zero");
            }
        }
    }

    @Test
    void withDropoutTheGradientIsThatOfTheLossesRead() {
        // each micro-batch must draw the same dropout masks in its pass without gradients (the [CLS] rows of the
        // contrastive terms) and in its pass with them; otherwise the gradient belongs to another function. The
        // central difference of the loss along the gradient (same seeds) must equal |g|^2.
        CellPainTRConfig c = Fixtures.tiny().toBuilder().layers(2).residDropout(0.3).build();
        String name = "encoder.layers.0.mlp.fc1.weight";
        try (CellPainTRModel m = CellPainTRModel.create(c, Fixtures.vocabulary(FEATURES), List.of("a", "b"), 5,
                DeviceChoice.cpu())) {
            m.trainingMicroBatch(3);
            GradientCheck.assertGradientIsThatOfTheReportedLoss(m, name,
                    s -> s.forwardBackward(batch(), m.sampleMask(batch(), new SplittableRandom(4)), ALL_TERMS));
        }
    }

    @Test
    void aNegativeMicroBatchIsRefused() {
        try (CellPainTRModel m = CellPainTRModel.create(noDropout(), Fixtures.vocabulary(FEATURES), List.of("a", "b"),
                5, DeviceChoice.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.trainingMicroBatch(-1));
            assertTrue(e.getMessage().contains("micro-batch"), e.getMessage());
        }
    }
}

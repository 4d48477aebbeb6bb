package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.cellpaintr.model.masking.MaskSample;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * Recomputing the blocks' activations in the backward pass gives the gradients of storing them: same losses, same
 * gradient for every parameter (to float rounding), with the embedding's dropout on as in training.
 */
class BlockRecomputeTest {

    private static final int FEATURES = 20;

    private static TrainingBatch batch() {
        return new TrainingBatch(Fixtures.gaussian(6 * FEATURES, 11), 6, new int[] {0, 1, 1, 0, 1, 0},
                new int[] {0, 0, 1, 1, 2, 2}, 77);
    }

    /** Losses and every parameter's gradient after one forward/backward, recomputing or not. */
    private static Map<String, float[]> gradients(CellPainTRConfig c, boolean recompute, double[] lossesOut) {
        try (CellPainTRModel m = CellPainTRModel.create(c, Fixtures.vocabulary(FEATURES), List.of("a", "b"), 5,
                DeviceChoice.cpu())) {
            m.recomputeActivations(recompute);
            TrainingBatch b = batch();
            MaskSample mask = m.sampleMask(b, new SplittableRandom(4));
            Map<String, float[]> out = new LinkedHashMap<>();
            try (TrainingStep step = m.newTrainingStep()) {
                StepLosses l = step.forwardBackward(b, mask);
                assertTrue(l.finite());
                lossesOut[0] = l.total();
                lossesOut[1] = l.maskedMse();
                for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
                    try (NDArray g = e.getValue().getArray().getGradient()) {
                        out.put(e.getKey(), g.toFloatArray());
                    }
                }
            }
            return out;
        }
    }

    private static void assertSameGradients(CellPainTRConfig c) {
        double[] stored = new double[2];
        double[] recomputed = new double[2];
        Map<String, float[]> a = gradients(c, false, stored);
        Map<String, float[]> b = gradients(c, true, recomputed);
        assertEquals(stored[0], recomputed[0], 1e-6 * Math.abs(stored[0]), "total loss");
        assertEquals(stored[1], recomputed[1], 1e-6 * Math.abs(stored[1]), "masked MSE");
        assertEquals(a.keySet(), b.keySet());
        int nonZero = 0;
        for (String name : a.keySet()) {
            float[] x = a.get(name);
            float[] y = b.get(name);
            double scale = 0;
            for (float v : x) {
                scale = Math.max(scale, Math.abs(v));
            }
            nonZero += scale > 0 ? 1 : 0;
            float tol = (float) (1e-4 * scale + 1e-9);
            assertArrayEquals(x, y, tol, "gradient of " + name);
        }
        assertTrue(nonZero >= a.size() - 2, "only " + nonZero + " of " + a.size() + " gradients are non-zero");
    }

    @Test
    void recomputedGradientsEqualStoredOnes() {
        // two blocks so that a gradient crosses a recomputed block boundary; embedding dropout on (0.1)
        assertSameGradients(Fixtures.tiny().toBuilder().layers(2).build());
    }

    @Test
    void recomputedGradientsEqualStoredOnesUnderTheCompat2024Filter() {
        assertSameGradients(CellPainTRConfig.compat2024().toBuilder().dModel(8).layers(3).filterWidth(8)
                .mlpWidth(16).build());
    }

    @Test
    void withResidualDropoutTheGradientIsThatOfTheLossesRead() {
        // A recomputed block that drew new dropout masks would back-propagate through another function than the one
        // whose loss was read. The central difference of the loss along the gradient (same batch, same seeds, so the
        // same masks) must equal |g|^2, the directional derivative the gradient predicts.
        CellPainTRConfig c = Fixtures.tiny().toBuilder().layers(2).residDropout(0.3).build();
        String name = "encoder.layers.0.mlp.fc1.weight";
        try (CellPainTRModel m = CellPainTRModel.create(c, Fixtures.vocabulary(FEATURES), List.of("a", "b"), 5,
                DeviceChoice.cpu())) {
            m.recomputeActivations(true);
            GradientCheck.assertGradientIsThatOfTheReportedLoss(m, name,
                    s -> s.forwardBackward(batch(), m.sampleMask(batch(), new SplittableRandom(4))));
        }
    }
}

package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.StepLosses;
import org.cellpaintr.model.TrainingStep;

import ai.djl.ndarray.NDArray;

/** Checks a training step's gradient of one parameter against the central difference of the loss it reports. */
final class GradientCheck {

    private GradientCheck() {
    }

    /**
     * Runs {@code step} once for the gradient g of parameter {@code name}, then twice more with the parameter moved by
     * +/- eps g (the same batch and seeds, so the same dropout masks): the central difference of the reported loss
     * along g must equal |g|^2, the directional derivative g predicts (within 5%). A step whose gradient belongs to
     * another function than the loss it reports (other dropout masks in a recomputed or cached pass) fails.
     */
    static void assertGradientIsThatOfTheReportedLoss(CellPainTRModel m, String name,
            Function<TrainingStep, StepLosses> step) {
        float[] g;
        try (TrainingStep s = m.newTrainingStep()) {
            step.apply(s);
            try (NDArray grad = m.namedParameters().get(name).getArray().getGradient()) {
                g = grad.toFloatArray();
            }
        }
        double norm2 = 0;
        for (float v : g) {
            norm2 += (double) v * v;
        }
        assertTrue(norm2 > 0, "no gradient reached " + name);
        double eps = 1e-2 / Math.sqrt(norm2);
        Map<String, float[]> base = m.parameterValues();
        double[] loss = new double[2];
        for (int side = 0; side < 2; side++) {
            Map<String, float[]> moved = new LinkedHashMap<>(base);
            float[] w = base.get(name).clone();
            for (int i = 0; i < w.length; i++) {
                w[i] += (float) ((side == 0 ? eps : -eps) * g[i]);
            }
            moved.put(name, w);
            m.copyParameters(moved);
            try (TrainingStep s = m.newTrainingStep()) {
                loss[side] = step.apply(s).total();
            }
        }
        double directional = (loss[0] - loss[1]) / (2 * eps);
        assertEquals(norm2, directional, 0.05 * norm2, "central difference along the gradient");
    }
}

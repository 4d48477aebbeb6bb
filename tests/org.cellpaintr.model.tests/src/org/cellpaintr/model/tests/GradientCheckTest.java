package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.FilterMode;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.masking.MaskSample;
import org.cellpaintr.model.nn.GradMode;
import org.cellpaintr.thirdparty.Runtimes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;

/**
 * Autograd gradients of the full objective (masked MSE + SupCon) against central finite differences, for every
 * parameter of a tiny two-layer model, in float64 so that the comparison can be tight.
 */
class GradientCheckTest {

    private static final double H = 1e-6;

    @ParameterizedTest
    @EnumSource(FilterMode.class)
    void autogradMatchesFiniteDifferences(FilterMode mode) {
        CellPainTRConfig c = CellPainTRConfig.builder().dModel(6).layers(2).filterWidth(5).mlpWidth(10)
                .embedDropout(0).filterMode(mode).build();
        FeatureVocabulary vocab = Fixtures.vocabulary(7);
        int rows = 4;
        float[] values = Fixtures.gaussian(rows * 7, 21);
        TrainingBatch batch = new TrainingBatch(values, rows, new int[] {0, 1, 0, 1}, new int[] {0, 0, 1, 1}, 1);
        boolean[] masked = new boolean[rows * 7];
        int count = 0;
        for (int i = 0; i < masked.length; i++) {
            masked[i] = i % 3 == 1;
            count += masked[i] ? 1 : 0;
        }
        MaskSample mask = new MaskSample(masked, rows, 7, count, 0.3);
        try (CellPainTRModel model = CellPainTRModel.create(c, vocab, List.of("a", "b"), 5, DeviceChoice.cpu(),
                DataType.FLOAT64)) {
            Map<String, double[]> grads = analytic(model, batch, mask);
            List<String> failures = new ArrayList<>();
            int checked = 0;
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                double[] g = grads.get(e.getKey());
                int largest = 0;
                for (int i = 1; i < g.length; i++) {
                    if (Math.abs(g[i]) > Math.abs(g[largest])) {
                        largest = i;
                    }
                }
                if (Math.abs(g[largest]) < 1e-12) {
                    failures.add(e.getKey() + " has no gradient at all");
                    continue;
                }
                for (int idx : new int[] {largest, (int) ((e.getKey().hashCode() & 0x7fffffffL) % g.length)}) {
                    double fd = finiteDifference(model, e.getValue(), idx, batch, mask);
                    double err = Math.abs(fd - g[idx]);
                    if (err > 1e-7 + 1e-5 * Math.abs(g[idx])) {
                        failures.add(e.getKey() + "[" + idx + "]: autograd " + g[idx] + ", finite difference " + fd);
                    }
                    checked++;
                }
            }
            assertTrue(checked >= 100, "checked only " + checked + " entries");
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        }
    }

    private static Map<String, double[]> analytic(CellPainTRModel model, TrainingBatch batch, MaskSample mask) {
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
            scope.suppressNotUsedWarning();
            model.zeroGradients();
            try (GradientCollector gc = Runtimes.pytorch().newGradientCollector()) {
                gc.backward(model.losses(m, batch, mask, false)[0]);
            }
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                out.put(e.getKey(), e.getValue().getArray().getGradient().toDoubleArray());
            }
            model.zeroGradients();
        }
        return out;
    }

    private static double finiteDifference(CellPainTRModel model, Parameter p, int idx, TrainingBatch batch,
            MaskSample mask) {
        NDArray a = p.getArray();
        double[] oneHot = new double[(int) a.size()];
        oneHot[idx] = H;
        try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager();
                GradMode off = GradMode.off(Runtimes.pytorch())) {
            scope.suppressNotUsedWarning();
            NDArray delta = m.create(oneHot, a.getShape());
            a.addi(delta);
            double plus = model.losses(m, batch, mask, false)[0].getDouble();
            a.subi(delta).subi(delta);
            double minus = model.losses(m, batch, mask, false)[0].getDouble();
            a.addi(delta);
            return (plus - minus) / (2 * H);
        }
    }
}

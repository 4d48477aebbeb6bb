package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.StepLosses;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.loss.LossWeights;
import org.cellpaintr.model.loss.SourceAlignment;
import org.cellpaintr.model.masking.MaskSample;
import org.cellpaintr.thirdparty.Runtimes;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/** The cross-source alignment term of the controls on cases small enough to work out by hand. */
class SourceAlignmentTest {

    /*
     * Rows 0-3 are controls (label -1), row 4 a compound. Sources [0, 0, 1, 1, 0].
     * e0 = (2, 0) -> z0 = (1, 0);  e1 = (0, 3) -> z1 = (0, 1);  e2 = (-1, 0) -> z2 = (-1, 0);  e3 = (0, -0.5) -> (0, -1)
     * m0 = (z0 + z1) / 2 = (0.5, 0.5);  m1 = (z2 + z3) / 2 = (-0.5, -0.5);  A = |m0 - m1|^2 = 1 + 1 = 2 (one pair).
     * Gradient: dA/dz0 = dA/dz1 = 2 (m0 - m1) / 2 = (1, 1); through z = e / |e| the Jacobian is (I - z z^T) / |e|:
     *   dA/de0 = diag(0, 1) / 2 · (1, 1) = (0, 0.5);   dA/de1 = diag(1, 0) / 3 · (1, 1) = (1/3, 0);
     *   dA/dz2 = dA/dz3 = -(1, 1):  dA/de2 = diag(0, 1) / 1 · -(1, 1) = (0, -1);  dA/de3 = diag(1, 0) / 0.5 · -(1, 1)
     *   = (-2, 0); the compound row 4 does not enter: (0, 0).
     */
    private static final float[] EMB = {2, 0, 0, 3, -1, 0, 0, -0.5f, 5, 5};
    private static final int[] SOURCES = {0, 0, 1, 1, 0};
    private static final int[] LABELS = {-1, -1, -1, -1, 3};

    @Test
    void twoSourcesMatchTheHandComputedValueAndGradient() {
        try (NDManager m = Runtimes.pytorch().newBaseManager()) {
            NDArray e = m.create(EMB, new Shape(5, 2));
            e.setRequiresGradient(true);
            try (GradientCollector gc = Runtimes.pytorch().newGradientCollector()) {
                NDArray a = SourceAlignment.compute(e, SOURCES, LABELS, m);
                assertEquals(2.0, a.getFloat(), 1e-6);
                gc.backward(a);
            }
            float[] g = e.getGradient().toFloatArray();
            float[] expected = {0, 0.5f, 1 / 3f, 0, 0, -1, -2, 0, 0, 0};
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], g[i], 1e-6, "gradient component " + i);
            }
            // a gradient step moves source 0's controls towards source 1's mean and back: the term falls
            float[] stepped = EMB.clone();
            for (int i = 0; i < stepped.length; i++) {
                stepped[i] -= 0.1f * g[i];
            }
            assertTrue(value(stepped, SOURCES, LABELS) < 2.0, "a descent step lowers the term");
        }
    }

    @Test
    void threeSourcesAverageTheSquaredDistancesOverPairs() {
        // single controls z = (1,0), (0,1), (-1,0): pair distances 2, 4, 2 -> A = 8/3; the compound is left out
        float[] e = {3, 0, 0, 2, -1, 0, 7, 1};
        assertEquals(8.0 / 3, value(e, new int[] {0, 1, 2, 1}, new int[] {-1, -1, -1, 0}), 1e-6);
    }

    @Test
    void coincidingMeansGiveZeroAndNoGradient() {
        // source 0 controls (1,0), (0,1); source 1 controls (0,2), (4,0): both means (0.5, 0.5)
        float[] emb = {1, 0, 0, 1, 0, 2, 4, 0};
        try (NDManager m = Runtimes.pytorch().newBaseManager()) {
            NDArray e = m.create(emb, new Shape(4, 2));
            e.setRequiresGradient(true);
            try (GradientCollector gc = Runtimes.pytorch().newGradientCollector()) {
                NDArray a = SourceAlignment.compute(e, new int[] {0, 0, 1, 1}, new int[] {-1, -1, -1, -1}, m);
                assertEquals(0.0, a.getFloat(), 1e-7);
                gc.backward(a);
            }
            for (float v : e.getGradient().toFloatArray()) {
                assertEquals(0f, v, 1e-7);
            }
        }
    }

    @Test
    void undefinedWithoutControlsOfTwoSources() {
        assertNull(SourceAlignment.pairWeights(new int[] {0, 0, 1, 1}, new int[] {-1, -1, 2, 2}),
                "source 1 has no control");
        assertNull(SourceAlignment.pairWeights(new int[] {0, 0, 0}, new int[] {-1, -1, 1}), "one source");
    }

    @Test
    void theWeightedTermJoinsTheTotalOnlyWhenTwoSourcesHaveControls() {
        FeatureVocabulary v = Fixtures.vocabulary(20);
        float[] values = Fixtures.gaussian(8 * 20, 5);
        try (CellPainTRModel m = CellPainTRModel.create(Fixtures.tiny(), v, List.of("a", "b"), 1,
                DeviceChoice.cpu())) {
            // large random parameters: at initialisation (N(0, 0.02) and friends) every [CLS] is almost the same
            // vector, which would make the term about 1e-9 and the check below unable to fail
            java.util.Map<String, float[]> p = new java.util.LinkedHashMap<>();
            long seed = 11;
            for (java.util.Map.Entry<String, float[]> e : m.parameterValues().entrySet()) {
                float[] r = Fixtures.gaussian(e.getValue().length, seed++);
                for (int i = 0; i < r.length; i++) {
                    r[i] *= 0.5f;
                }
                p.put(e.getKey(), r);
            }
            m.copyParameters(p);
            int[] labels = {0, 0, 1, 1, -1, -1, -1, -1};
            int[] twoSources = {0, 1, 0, 1, 0, 0, 1, 1};
            TrainingBatch two = new TrainingBatch(values, 8, twoSources, labels, 0);
            TrainingBatch one = new TrainingBatch(values, 8, new int[] {0, 1, 0, 1, 0, 0, 0, 0}, labels, 0);
            // nothing masked: the loss sees the embeddings that embedFlat gives
            MaskSample none = new MaskSample(new boolean[8 * 20], 8, 20, 0, 0);
            float[] cls = m.embedFlat(values, 8, twoSources);
            double expected;
            try (NDManager nd = Runtimes.pytorch().newBaseManager()) {
                expected = SourceAlignment.compute(nd.create(cls, new Shape(8, cls.length / 8)), twoSources, labels,
                        nd).getFloat();
            }
            assertTrue(expected > 1e-3, "the sources' controls differ: " + expected);
            try (TrainingStep s = m.newTrainingStep()) {
                StepLosses off = s.evaluate(two, none, new LossWeights(1, false, 0.5, 0.1));
                StepLosses on = s.evaluate(two, none, new LossWeights(1, false, 0.5, 0.1, 3));
                StepLosses single = s.evaluate(one, none, new LossWeights(1, false, 0.5, 0.1, 3));
                StepLosses singleOff = s.evaluate(one, none, new LossWeights(1, false, 0.5, 0.1));
                assertEquals(off.supCon(), on.supCon(), 1e-6);
                assertEquals(3 * expected, on.total() - off.total(), 1e-4 + 1e-3 * expected);
                assertEquals(singleOff.total(), single.total(), 1e-6, "controls of one source only: no term");
            }
        }
    }

    private static double value(float[] emb, int[] sources, int[] labels) {
        try (NDManager m = Runtimes.pytorch().newBaseManager()) {
            return SourceAlignment.compute(m.create(emb, new Shape(labels.length, 2)), sources, labels, m)
                    .getFloat();
        }
    }
}

package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cellpaintr.model.loss.MaskedMse;
import org.cellpaintr.model.loss.SupConLoss;
import org.cellpaintr.thirdparty.Runtimes;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The two objectives on cases small enough to work out by hand. */
class SupConLossTest {

    /*
     * Embeddings (2,0), (3,4), (0,0.5), (-4,3) normalise to z0=(1,0), z1=(0.6,0.8), z2=(0,1), z3=(-0.8,0.6).
     * Dot products: z0·z1 = 0.6, z0·z2 = 0, z0·z3 = -0.8, z1·z2 = 0.8, z1·z3 = 0, z2·z3 = 0.6.
     * With τ = 0.5 the similarities are twice these. Labels [0,0,1,1]: every anchor has one positive at s = 1.2.
     *   ℓ0 = log(e^1.2 + e^0 + e^-1.6) - 1.2      ℓ1 = log(e^1.2 + e^1.6 + e^0) - 1.2
     *   ℓ2 = log(e^0 + e^1.6 + e^1.2) - 1.2       ℓ3 = log(e^-1.6 + e^0 + e^1.2) - 1.2
     *   L = (ℓ0 + ℓ1 + ℓ2 + ℓ3) / 4 ≈ (0.308957 + 1.027123 + 1.027123 + 0.308957) / 4 ≈ 0.668040
     */
    private static final float[] EMB = {2, 0, 3, 4, 0, 0.5f, -4, 3};
    private static final double L0 = Math.log(Math.exp(1.2) + 1 + Math.exp(-1.6)) - 1.2;
    private static final double L1 = Math.log(Math.exp(1.2) + Math.exp(1.6) + 1) - 1.2;

    @Test
    void fourSampleCaseMatchesHandComputation() {
        double expected = (L0 + L1 + L1 + L0) / 4;
        assertEquals(0.668040, expected, 1e-6);
        assertEquals(expected, supCon(new int[] {0, 0, 1, 1}, 0.5), 1e-5);
    }

    @Test
    void anchorsWithoutPositivesCountAsZeroInTheMean() {
        // labels [0,0,1,2]: anchors 2 and 3 have no positive; anchors 0 and 1 keep their terms; mean over all 4
        assertEquals((L0 + L1) / 4, supCon(new int[] {0, 0, 1, 2}, 0.5), 1e-5);
        // a negative label is "no class": same as unique labels here
        assertEquals((L0 + L1) / 4, supCon(new int[] {0, 0, -1, -1}, 0.5), 1e-5);
        assertTrue(SupConLoss.hasPositives(new int[] {0, 0, -1, -1}));
        assertFalse(SupConLoss.hasPositives(new int[] {-1, -1, 1, 2}));
    }

    @Test
    void maskedMseAveragesOnlyMaskedPositions() {
        float[] pred = {1, 2, 3, 4, 100, 6};
        float[] target = {0, 2, 5, 4, -100, 0};
        float[] mask = {1, 0, 1, 1, 0, 1}; // position 4 differs hugely but is not masked
        // masked squared errors: 1, 4, 0, 36 over 4 positions
        double expected = (1 + 4 + 0 + 36) / 4.0;
        try (NDManager m = Runtimes.pytorch().newBaseManager()) {
            double mse = MaskedMse.compute(m.create(pred, new Shape(2, 3)), m.create(target, new Shape(2, 3)),
                    m.create(mask, new Shape(2, 3)), 4).getFloat();
            assertEquals(expected, mse, 1e-6);
            double none = MaskedMse.compute(m.create(pred, new Shape(2, 3)), m.create(target, new Shape(2, 3)),
                    m.zeros(new Shape(2, 3)), 0).getFloat();
            assertEquals(0, none, 0);
        }
    }

    private static double supCon(int[] labels, double tau) {
        try (NDManager m = Runtimes.pytorch().newBaseManager()) {
            return SupConLoss.compute(m.create(EMB, new Shape(4, 2)), labels, tau, m).getFloat();
        }
    }
}

package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cellpaintr.model.config.FilterMode;
import org.cellpaintr.model.nn.FilterGeometry;
import org.junit.jupiter.api.Test;

/** The two filter modes side by side, at the paper's sequence length (docs/method.md §1.4). */
class FilterGeometryTest {

    private static final int L = 3257;
    private static final int CHANNELS = 256;

    @Test
    void compatWindowGrowsToAboutFourPointSixMillionOnOneSide() {
        double[] w = FilterGeometry.window(L, CHANNELS, FilterMode.COMPAT_2024);
        int taps = 2 * L - 1;
        // first tap (t = -1), last channel (|δ| = ln(100)/0.3 ≈ 15.35): exp(15.35) + 0.05 ≈ 4.64e6
        double far = w[CHANNELS - 1];
        assertEquals(Math.exp(Math.log(100) / 0.3) + 0.05, far, 1e-3 * far);
        assertTrue(far > 4.6e6 && far < 4.7e6);
        // the other end (t = +1) decays: exp(-15.35) + 0.05
        assertEquals(0.05, w[(taps - 1) * CHANNELS + CHANNELS - 1], 1e-6);
    }

    @Test
    void evidentIntentWindowIsSymmetricAndDecays() {
        double[] w = FilterGeometry.window(L, CHANNELS, FilterMode.EVIDENT_INTENT);
        int taps = 2 * L - 1;
        for (int j = 0; j < taps; j += 97) {
            for (int c = 0; c < CHANNELS; c += 51) {
                assertEquals(w[j * CHANNELS + c], w[(taps - 1 - j) * CHANNELS + c], 1e-12);
                assertTrue(w[j * CHANNELS + c] <= 1.05 + 1e-12);
            }
        }
        assertEquals(1.05, w[(L - 1) * CHANNELS], 1e-12); // centre tap t = 0
    }

    @Test
    void bandFrequenciesDifferOnlyInCompatMode() {
        double[] compat = FilterGeometry.bandFrequencies(2, FilterMode.COMPAT_2024);
        double[] intent = FilterGeometry.bandFrequencies(2, FilterMode.EVIDENT_INTENT);
        assertEquals(1e-4, compat[0]);
        assertEquals(1e-4, compat[1]);
        assertEquals(1e-4, intent[0]);
        assertEquals(1.0, intent[1], 1e-15);
        double[] z = FilterGeometry.positionalFeatures(L, 5, FilterMode.COMPAT_2024);
        // compat features 2-3 ≈ 1 and 4-5 within ±6.3e-4, as measured from the authors' code
        for (int j = 0; j < 2 * L - 1; j += 101) {
            assertEquals(1.0, z[j * 5 + 1], 1e-6);
            assertTrue(Math.abs(z[j * 5 + 3]) <= 6.3e-4);
        }
        assertEquals(-1.0, z[0]);
        assertEquals(1.0, z[(2 * L - 2) * 5], 1e-15);
    }
}

package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cellpaintr.model.nn.LongConvolution;
import org.cellpaintr.thirdparty.Runtimes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The FFT long convolution against the direct sum of docs/method.md §1.3, evaluated in double precision. */
class LongConvolutionTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 37, 354})
    void fftConvolutionEqualsDirectSum(int len) {
        int b = 2;
        int c = 3;
        int taps = 2 * len - 1;
        float[] v = Fixtures.gaussian(b * c * len, 11 + len);
        float[] k = Fixtures.gaussian(c * taps, 12 + len);
        float[] bias = Fixtures.gaussian(c, 13 + len);
        float[] y = fft(v, k, bias, b, c, len);
        double[] ref = direct(v, k, bias, b, c, len);
        double maxRef = 0;
        double maxErr = 0;
        for (int i = 0; i < ref.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
            maxErr = Math.max(maxErr, Math.abs(y[i] - ref[i]));
        }
        assertTrue(maxErr <= 1e-5 * maxRef, "max error " + maxErr + " vs max |y| " + maxRef);
    }

    @Test
    void outputDependsOnInputsOnBothSides() {
        int len = 40;
        int i = 20;
        float[] v = Fixtures.gaussian(len, 3);
        float[] k = Fixtures.gaussian(2 * len - 1, 4);
        float[] bias = {0.5f};
        float base = fft(v, k, bias, 1, 1, len)[i];
        for (int m : new int[] {i - 7, i + 7, 0, len - 1}) {
            float[] w = v.clone();
            w[m] += 1f;
            float changed = fft(w, k, bias, 1, 1, len)[i];
            // the change must be exactly the tap for offset i - m (linearity), and non-zero
            assertEquals(k[(len - 1) + i - m], changed - base, 1e-4, "input " + m + " -> output " + i);
            assertNotEquals(base, changed);
        }
    }

    @Test
    void fftLengthIsTheSmallestEvenFiveSmoothSizeThatHoldsTheFilter() {
        for (int len : new int[] {3, 354, 1000, 3257}) {
            int n = LongConvolution.fftLength(len);
            assertTrue(n >= 2 * len - 1, "the 2L-1 taps must fit");
            assertTrue(n % 2 == 0 && smooth(n), n + " is not an even 2/3/5-smooth number");
            for (int m = 2 * len - 1; m < n; m++) {
                assertTrue(m % 2 == 1 || !smooth(m), m + " would have been a smaller valid length");
            }
        }
        // the authors' 3L-1 at the paper's L = 3,257 is 9,770 = 2·5·977; 2L-1 = 6,513 rounds up to 6,750 = 2·3³·5³
        assertEquals(6750, LongConvolution.fftLength(3257));
    }

    @Test
    void theShortestLengthLosesNothingAgainstTheAuthorsLength() {
        // n = 2L-1 exactly (odd lengths are allowed by rfft) against n = 3L-1: the kept samples agree to rounding
        // (the direct-sum test above checks the length the model uses against the definition itself)
        int len = 37;
        float[] v = Fixtures.gaussian(2 * 3 * len, 21);
        float[] k = Fixtures.gaussian(3 * (2 * len - 1), 22);
        float[] bias = Fixtures.gaussian(3, 23);
        float[] shortest = fftAt(v, k, bias, 2, 3, len, 2 * len - 1);
        float[] authors = fftAt(v, k, bias, 2, 3, len, 3 * len - 1);
        double worst = 0;
        for (int i = 0; i < authors.length; i++) {
            worst = Math.max(worst, Math.abs(shortest[i] - authors[i]));
        }
        assertTrue(worst < 1e-4, "n = 2L-1 differs from n = 3L-1 by " + worst);
    }

    private static boolean smooth(int n) {
        for (int p : new int[] {2, 3, 5}) {
            while (n % p == 0) {
                n /= p;
            }
        }
        return n == 1;
    }

    private static float[] fft(float[] v, float[] k, float[] bias, int b, int c, int len) {
        return fftAt(v, k, bias, b, c, len, LongConvolution.fftLength(len));
    }

    private static float[] fftAt(float[] v, float[] k, float[] bias, int b, int c, int len, int n) {
        try (NDManager m = Runtimes.pytorch().newBaseManager()) {
            NDArray spectrum = LongConvolution.filterSpectrum(m.create(k, new Shape(c, 2 * len - 1)), n);
            NDArray y = LongConvolution.apply(m.create(v, new Shape(b, c, len)), spectrum,
                    m.create(bias, new Shape(c)), n);
            return y.toFloatArray();
        }
    }

    /** y[b,c,i] = Σ_m k[c, L-1+i-m]·v[b,c,m] + bias[c]·v[b,c,i], in double. */
    private static double[] direct(float[] v, float[] k, float[] bias, int b, int c, int len) {
        int taps = 2 * len - 1;
        double[] y = new double[b * c * len];
        for (int bb = 0; bb < b; bb++) {
            for (int cc = 0; cc < c; cc++) {
                int base = (bb * c + cc) * len;
                for (int i = 0; i < len; i++) {
                    double s = (double) bias[cc] * v[base + i];
                    for (int m = 0; m < len; m++) {
                        s += (double) k[cc * taps + (len - 1) + i - m] * v[base + m];
                    }
                    y[base + i] = s;
                }
            }
        }
        return y;
    }
}

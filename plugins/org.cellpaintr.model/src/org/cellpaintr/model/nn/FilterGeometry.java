package org.cellpaintr.model.nn;

import org.cellpaintr.model.config.FilterMode;

/**
 * Constant inputs of the bidirectional implicit filter (docs/method.md §1.3-§1.4), computed in double precision.
 *
 * <p>The filter has {@code 2L-1} taps for offsets {@code -(L-1)..+(L-1)}; tap j sits at time
 * {@code t_j = -1 + 2j/(2L-2)} (so t = (i - m)/(L - 1) for output i and input m) and at angle
 * {@code w_j = 2π(j - (L-1))/L}. The positional features are {@code [t, cos(f_b w), -sin(f_b w)]} (the real and
 * imaginary parts of e^{-i f w}), and the window is {@code exp(-τ|δ_c|) + 0.05} with τ = |t| (evident intent) or t
 * (2024 code), δ_c spaced linearly from ln(0.01)/1.5 to ln(0.01)/0.3 over the filter channels.
 */
public final class FilterGeometry {

    /** Additive floor of the exponential window. */
    public static final double SHIFT = 0.05;
    private static final double TOLERANCE = 1e-2;
    private static final double FAST_DECAY_PCT = 0.3;
    private static final double SLOW_DECAY_PCT = 1.5;

    private FilterGeometry() {
    }

    /** Number of taps for sequence length {@code seqLen}. */
    public static int taps(int seqLen) {
        return 2 * seqLen - 1;
    }

    /** Tap times, linspace(-1, 1, 2L-1). */
    public static double[] times(int seqLen) {
        int n = taps(seqLen);
        double[] t = new double[n];
        for (int j = 0; j < n; j++) {
            t[j] = n == 1 ? -1 : -1 + 2.0 * j / (n - 1);
        }
        return t;
    }

    /** Band frequencies: HyenaDNA's linspace(1e-4, bands-1, bands), or all 1e-4 as the 2024 code overwrites them. */
    public static double[] bandFrequencies(int bands, FilterMode mode) {
        double[] f = new double[bands];
        for (int b = 0; b < bands; b++) {
            f[b] = mode == FilterMode.COMPAT_2024 || bands == 1 ? 1e-4 : 1e-4 + (bands - 1 - 1e-4) * b / (bands - 1);
        }
        return f;
    }

    /** Positional features, (2L-1) rows × posEmbDim columns, row-major. */
    public static double[] positionalFeatures(int seqLen, int posEmbDim, FilterMode mode) {
        int n = taps(seqLen);
        int bands = (posEmbDim - 1) / 2;
        double[] t = times(seqLen);
        double[] f = bandFrequencies(bands, mode);
        double[] z = new double[n * posEmbDim];
        for (int j = 0; j < n; j++) {
            double w = 2 * Math.PI * (j - (seqLen - 1)) / seqLen;
            int row = j * posEmbDim;
            z[row] = t[j];
            for (int b = 0; b < bands; b++) {
                z[row + 1 + b] = Math.cos(f[b] * w);
                z[row + 1 + bands + b] = -Math.sin(f[b] * w);
            }
        }
        return z;
    }

    /** Per-channel decay rates |δ_c| for {@code channels} filter channels. */
    public static double[] decayRates(int channels) {
        double lo = Math.log(TOLERANCE) / SLOW_DECAY_PCT;
        double hi = Math.log(TOLERANCE) / FAST_DECAY_PCT;
        double[] d = new double[channels];
        for (int c = 0; c < channels; c++) {
            d[c] = Math.abs(channels == 1 ? lo : lo + (hi - lo) * c / (channels - 1));
        }
        return d;
    }

    /** The modulation window, (2L-1) rows × channels columns, row-major. */
    public static double[] window(int seqLen, int channels, FilterMode mode) {
        int n = taps(seqLen);
        double[] t = times(seqLen);
        double[] d = decayRates(channels);
        double[] win = new double[n * channels];
        for (int j = 0; j < n; j++) {
            double tau = mode == FilterMode.COMPAT_2024 ? t[j] : Math.abs(t[j]);
            for (int c = 0; c < channels; c++) {
                win[j * channels + c] = Math.exp(-tau * d[c]) + SHIFT;
            }
        }
        return win;
    }
}

package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The centred (non-causal) long convolution of the bidirectional Hyena operator, done with real FFTs:
 * {@code y[c,i] = Σ_{m=0}^{L-1} k[c, (L-1)+i-m] · v[c,m] + bias[c] · v[c,i]} (docs/method.md §1.3).
 *
 * <p>Only the L centred samples of the linear convolution are kept, and for those every filter index
 * {@code (L-1)+i-m} lies inside the 2L-1 taps; so a circular convolution of length n gives them exactly as soon as
 * the filter fits, n ≥ 2L-1 (nothing wraps around into the kept samples). The authors take n = 3L-1, enough for the
 * whole 3L-2-sample linear convolution, and often a large prime factor away from a fast size (9,770 = 2·5·977 at
 * L = 3,257). This uses the smallest even 2/3/5-smooth n ≥ 2L-1 (6,750 at L = 3,257): the same outputs to float
 * rounding with a third less FFT work and spectrum memory. The filter spectrum is computed once per forward pass and
 * shared by the batch.
 */
public final class LongConvolution {

    private LongConvolution() {
    }

    /** The FFT length used for sequence length {@code seqLen}: the smallest even 2/3/5-smooth n ≥ 2L-1. */
    public static int fftLength(int seqLen) {
        int n = Math.max(2, 2 * seqLen - 1);
        while (true) {
            if (n % 2 == 0 && isSmooth(n)) {
                return n;
            }
            n++;
        }
    }

    static boolean isSmooth(int n) {
        for (int p : new int[] {2, 3, 5}) {
            while (n % p == 0) {
                n /= p;
            }
        }
        return n == 1;
    }

    /** Spectrum of filters {@code k} (..., 2L-1) along the last axis, length {@code n}: complex (..., n/2+1). */
    public static NDArray filterSpectrum(NDArray k, int n) {
        return k.rfft(n, -1);
    }

    /**
     * Applies the convolution.
     *
     * @param v signal (B, C, L)
     * @param spectrum {@link #filterSpectrum} of the (C, 2L-1) filter
     * @param bias skip weights (C)
     * @param n the FFT length the spectrum was made with
     * @return (B, C, L)
     */
    public static NDArray apply(NDArray v, NDArray spectrum, NDArray bias, int n) {
        long len = v.getShape().get(2);
        NDArray f = v.rfft(n, -1);
        f = Tensors.consume(f, f.mul(spectrum));
        NDArray full = Tensors.consume(f, f.irfft(n, -1));
        NDArray centred = Tensors.consume(full, full.get(new NDIndex("..., {}:{}", len - 1, 2 * len - 1)));
        try (NDArray b = bias.reshape(bias.getShape().get(0), 1); NDArray skip = v.mul(b)) {
            return Tensors.consume(centred, centred.add(skip));
        }
    }
}

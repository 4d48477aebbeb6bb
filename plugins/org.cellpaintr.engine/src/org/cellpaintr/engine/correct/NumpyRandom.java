package org.cellpaintr.engine.correct;

/**
 * numpy's legacy {@code RandomState} generator (MT19937, seeded with {@code np.random.seed(s)}), with the few
 * draws harmonypy and sklearn's k-means use: {@code random_sample} (53-bit doubles), bounded integers by masked
 * rejection ({@code randint}, the shuffle's {@code random_interval}) and the legacy Fisher-Yates {@code shuffle}.
 *
 * <p>Why: harmonypy's result depends on its random initial clusters and block order; drawing the same numbers as
 * numpy lets this port reproduce harmonypy's output instead of only its distribution. The generator is the
 * published Mersenne Twister (Matsumoto &amp; Nishimura 1998) with its standard seeding and tempering; the bounded
 * and double conversions follow numpy's documented legacy behaviour.
 */
final class NumpyRandom {

    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index;

    NumpyRandom(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1, got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32 random bits (as an unsigned value in a long). */
    long nextUint32() {
        if (index >= N) {
            for (int k = 0; k < N; k++) {
                int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
                int v = mt[(k + M) % N] ^ (y >>> 1);
                if ((y & 1) != 0) {
                    v ^= 0x9908b0df;
                }
                mt[k] = v;
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    /** random_sample(): a double in [0, 1) from two draws (27 + 26 bits). */
    double nextDouble() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A uniform integer in [0, max] by masked rejection (numpy's random_interval and 32-bit randint). */
    long interval(long max) {
        if (max == 0) {
            return 0;
        }
        if (max > 0xffffffffL) {
            throw new IllegalArgumentException("bound too large: " + max);
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        do {
            v = nextUint32() & mask;
        } while (v > max);
        return v;
    }

    /** randint(n): uniform in [0, n). */
    int randint(int n) {
        return (int) interval(n - 1L);
    }

    /** np.random.shuffle of a 1-d array: for i = n-1 .. 1, swap x[i] with x[random_interval(i)]. */
    void shuffle(int[] x) {
        for (int i = x.length - 1; i > 0; i--) {
            int j = (int) interval(i);
            int t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
    }
}

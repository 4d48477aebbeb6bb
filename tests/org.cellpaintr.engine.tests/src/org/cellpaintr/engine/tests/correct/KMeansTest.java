package org.cellpaintr.engine.tests.correct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.cellpaintr.engine.correct.KMeans;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The engine's k-means (float32 screening, float64 decisions, starts in lockstep on parallel threads) against a
 * plain transcription of sklearn's algorithm written here: every distance in float64, one start after the other,
 * numpy's legacy Mersenne Twister for the draws (sklearn 1.3+: {@code KMeans(init="k-means++", n_init, max_iter,
 * random_state)} on dense data with unit weights).
 */
class KMeansTest {

    static final int K = 20;
    static final int INITS = 10;
    static final int MAX_ITER = 25;

    /**
     * Blobs with exact duplicate rows (distance ties, zero distances) and a few far rows: the screened k-means must
     * make sklearn's decisions everywhere, so its centres are the reference's up to float64 rounding of sums (a
     * single different decision would move a centre by the blob scale, about 1).
     */
    @Test
    void screenedLockstepKMeansMatchesThePlainFloat64Algorithm() {
        double[][] x = blobs(2500, 16, 12, 7);
        for (long seed : new long[] {0, 42}) {
            double[][] expected = PlainKMeans.fit(x, K, INITS, MAX_ITER, seed);
            double[][] actual = fit(x, seed, true, INITS);
            assertEquals(0, maxDifference(expected, actual), 1e-9, "seed " + seed);
        }
    }

    /** In exact mode how many starts run side by side changes nothing, not even the rounding. */
    @Test
    void startsSideBySideGiveTheCentresOfOneStartAtATime() {
        double[][] x = blobs(3000, 24, 30, 11);
        double[][] one = fit(x, 3, true, 1);
        for (int side : new int[] {3, INITS}) {
            assertEquals(0, maxDifference(one, fit(x, 3, true, side)), "starts side by side: " + side);
        }
    }

    /** float32 mode may round differently but lands on the same clustering on well-separated blobs. */
    @Test
    void float32ModeLandsOnTheSameCentresWithinFloat32Rounding() {
        double[][] x = blobs(2000, 16, 10, 5);
        double[][] exact = fit(x, 1, true, INITS);
        double[][] float32 = fit(x, 1, false, INITS);
        assertEquals(0, maxDifference(exact, float32), 1e-5);
    }

    @Test
    void rejectsRowsOfTheWrongPrecision() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KMeans.fit(m.zeros(
                    new Shape(40, 3), DataType.FLOAT32), 2, 1, 5, 0, true, 1));
            assertTrue(e.getMessage().contains("float64"), e.getMessage());
        }
    }

    static double[][] fit(double[][] x, long seed, boolean exact, int side) {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] flat = new double[x.length * x[0].length];
            for (int i = 0; i < x.length; i++) {
                System.arraycopy(x[i], 0, flat, i * x[0].length, x[0].length);
            }
            var data = m.create(flat, new Shape(x.length, x[0].length));
            if (!exact) {
                data = data.toType(DataType.FLOAT32, false);
            }
            return KMeans.fit(data, K, INITS, MAX_ITER, seed, exact, side);
        }
    }

    static double maxDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int c = 0; c < a.length; c++) {
            for (int j = 0; j < a[c].length; j++) {
                max = Math.max(max, Math.abs(a[c][j] - b[c][j]));
            }
        }
        return max;
    }

    /** Gaussian blobs (unit spread, centres 3 apart on average), every 10th row an exact copy of an earlier one. */
    static double[][] blobs(int n, int d, int blobs, long seed) {
        Random r = new Random(seed);
        double[][] centre = new double[blobs][d];
        for (double[] c : centre) {
            for (int j = 0; j < d; j++) {
                c[j] = 3 * r.nextGaussian();
            }
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            if (i > 0 && i % 10 == 0) {
                x[i] = x[r.nextInt(i)].clone();
                continue;
            }
            double[] c = centre[r.nextInt(blobs)];
            for (int j = 0; j < d; j++) {
                x[i][j] = c[j] + r.nextGaussian();
            }
        }
        return x;
    }

    /** sklearn's KMeans, written out plainly: float64 loops, sequential starts, numpy's draws. */
    static final class PlainKMeans {

        static double[][] fit(double[][] input, int k, int inits, int maxIter, long seed) {
            int n = input.length;
            int d = input[0].length;
            double[] mean = new double[d];
            for (double[] row : input) {
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= n;
            }
            double[][] x = new double[n][d];
            double var = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] = input[i][j] - mean[j];
                    var += x[i][j] * x[i][j];
                }
            }
            double tol = 1e-4 * var / n / d;
            LegacyMt19937 random = new LegacyMt19937(seed);
            double[][] best = null;
            int[] bestLabels = null;
            double bestInertia = Double.POSITIVE_INFINITY;
            for (int run = 0; run < inits; run++) {
                double[][] centres = plusPlus(x, k, random);
                int[] labels = new int[n];
                int[] old = new int[n];
                Arrays.fill(old, -1);
                boolean strict = false;
                for (int it = 0; it < maxIter; it++) {
                    assign(x, centres, labels);
                    double[][] next = means(x, labels, k);
                    double shift = 0;
                    for (int c = 0; c < k; c++) {
                        for (int j = 0; j < d; j++) {
                            shift += (next[c][j] - centres[c][j]) * (next[c][j] - centres[c][j]);
                        }
                    }
                    centres = next;
                    if (Arrays.equals(labels, old)) {
                        strict = true;
                        break;
                    }
                    if (shift <= tol) {
                        break;
                    }
                    old = labels.clone();
                }
                if (!strict) {
                    assign(x, centres, labels);
                }
                double inertia = 0;
                for (int i = 0; i < n; i++) {
                    inertia += squaredDistance(x[i], centres[labels[i]]);
                }
                if (best == null || (inertia < bestInertia && !sameClustering(labels, bestLabels, k))) {
                    best = centres;
                    bestInertia = inertia;
                    bestLabels = labels;
                }
            }
            for (double[] c : best) {
                for (int j = 0; j < d; j++) {
                    c[j] += mean[j];
                }
            }
            return best;
        }

        /** sklearn's _kmeans_plusplus with unit weights and 2 + floor(ln k) local trials. */
        static double[][] plusPlus(double[][] x, int k, LegacyMt19937 random) {
            int n = x.length;
            int trials = 2 + (int) Math.log(k);
            // random_state.choice(n, p=ones/n): cdf of the weights normalised by its last value, side="right"
            double[] cdf = new double[n];
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += 1.0 / n;
                cdf[i] = acc;
            }
            for (int i = 0; i < n; i++) {
                cdf[i] /= acc;
            }
            double u = random.randomSample();
            int first = 0;
            while (first < n && cdf[first] <= u) {
                first++;
            }
            double[][] centres = new double[k][];
            centres[0] = x[first].clone();
            double[] closest = new double[n];
            double pot = 0;
            for (int i = 0; i < n; i++) {
                closest[i] = squaredDistance(x[i], centres[0]);
                pot += closest[i];
            }
            for (int c = 1; c < k; c++) {
                double[] cum = new double[n];
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += closest[i];
                    cum[i] = s;
                }
                double bestPot = Double.POSITIVE_INFINITY;
                double[] bestDist = null;
                int bestId = -1;
                int[] ids = new int[trials];
                for (int t = 0; t < trials; t++) {
                    double r = random.randomSample() * pot;
                    int id = 0;
                    while (id < n && cum[id] < r) {
                        id++;
                    }
                    ids[t] = Math.min(id, n - 1);
                }
                for (int t = 0; t < trials; t++) {
                    double[] dist = new double[n];
                    double p = 0;
                    for (int i = 0; i < n; i++) {
                        dist[i] = Math.min(closest[i], squaredDistance(x[i], x[ids[t]]));
                        p += dist[i];
                    }
                    if (p < bestPot) {
                        bestPot = p;
                        bestDist = dist;
                        bestId = ids[t];
                    }
                }
                pot = bestPot;
                closest = bestDist;
                centres[c] = x[bestId].clone();
            }
            return centres;
        }

        static void assign(double[][] x, double[][] centres, int[] labels) {
            for (int i = 0; i < x.length; i++) {
                int b = 0;
                double bv = Double.POSITIVE_INFINITY;
                for (int c = 0; c < centres.length; c++) {
                    double v = squaredDistance(x[i], centres[c]);
                    if (v < bv) {
                        bv = v;
                        b = c;
                    }
                }
                labels[i] = b;
            }
        }

        static double[][] means(double[][] x, int[] labels, int k) {
            double[][] sums = new double[k][x[0].length];
            int[] counts = new int[k];
            for (int i = 0; i < x.length; i++) {
                counts[labels[i]]++;
                for (int j = 0; j < x[i].length; j++) {
                    sums[labels[i]][j] += x[i][j];
                }
            }
            for (int c = 0; c < k; c++) {
                // these blobs leave no cluster empty; sklearn's relocation is not transcribed here
                assertTrue(counts[c] > 0, "empty cluster " + c + " in the reference");
                for (int j = 0; j < sums[c].length; j++) {
                    sums[c][j] /= counts[c];
                }
            }
            return sums;
        }

        static double squaredDistance(double[] a, double[] b) {
            double s = 0;
            for (int j = 0; j < a.length; j++) {
                s += (a[j] - b[j]) * (a[j] - b[j]);
            }
            return s;
        }

        static boolean sameClustering(int[] a, int[] b, int k) {
            int[] map = new int[k];
            Arrays.fill(map, -1);
            for (int i = 0; i < a.length; i++) {
                if (map[a[i]] == -1) {
                    map[a[i]] = b[i];
                } else if (map[a[i]] != b[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * numpy's legacy RandomState(seed) for an integer seed: MT19937 (Matsumoto and Nishimura 1998) seeded with
     * init_genrand, and random_sample's 53-bit double from two 32-bit draws (a >> 5, b >> 6).
     */
    static final class LegacyMt19937 {
        private final long[] mt = new long[624];
        private int index = 624;

        LegacyMt19937(long seed) {
            mt[0] = seed & 0xffffffffL;
            for (int i = 1; i < 624; i++) {
                mt[i] = (1812433253L * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) & 0xffffffffL;
            }
        }

        long next32() {
            if (index >= 624) {
                for (int i = 0; i < 624; i++) {
                    long y = (mt[i] & 0x80000000L) | (mt[(i + 1) % 624] & 0x7fffffffL);
                    mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0dfL : 0);
                }
                index = 0;
            }
            long y = mt[index++];
            y ^= y >>> 11;
            y ^= (y << 7) & 0x9d2c5680L;
            y ^= (y << 15) & 0xefc60000L;
            y ^= y >>> 18;
            return y & 0xffffffffL;
        }

        double randomSample() {
            long a = next32() >>> 5;
            long b = next32() >>> 6;
            return (a * 67108864.0 + b) / 9007199254740992.0;
        }
    }
}

package org.cellpaintr.engine.correct;

import java.util.Arrays;

import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * sklearn's {@code KMeans(init="k-means++", n_init, max_iter, random_state)} as harmonypy calls it, drawing the
 * same random numbers (numpy's legacy generator, {@link NumpyRandom}) so that the initial clusters are sklearn's.
 *
 * <ul>
 * <li>Data centred by its column means first (sklearn does, for accuracy); centres shifted back at the end.</li>
 * <li>Greedy k-means++: first centre uniform ({@code choice} with equal weights from sklearn 1.3,
 * {@code randint} before); then per step 2 + floor(ln k) candidates drawn by {@code uniform() * potential} on the
 * cumulative squared distances (searchsorted, left); the candidate with the lowest new potential is kept.</li>
 * <li>Lloyd: labels = argmin of ||c||^2 - 2 x.c (first minimum); centres = means; an empty cluster takes the
 * point farthest from its old centre; stop when the labels repeat or the summed squared centre shift is at most
 * tol = 1e-4 x mean feature variance; a final assignment if stopped by tol.</li>
 * <li>n_init runs; a run replaces the best when its inertia is lower and its clustering differs.</li>
 * </ul>
 * Squared distances use ||a||^2 - 2 a.b + ||b||^2 as sklearn does; above {@link #JAVA_LIMIT} multiply-adds the
 * products run on libtorch (float64). Memory O(n k), never n x n.
 */
final class KMeans {

    static final double TOL = 1e-4;
    static final long JAVA_LIMIT = 200_000_000L;

    /** How sklearn picks the first k-means++ centre (it changed in sklearn 1.3). */
    enum FirstCentre {
        /** {@code random_state.choice(n, p=weights/sum)}: sklearn 1.3 and later. */
        CHOICE,
        /** {@code random_state.randint(n)}: sklearn before 1.3. */
        RANDINT
    }

    private final int n;
    private final int d;
    private final double[] x;
    private final double[] xsq;
    private final NDManager manager;
    private final NDArray xArray;

    private KMeans(double[] centred, int n, int d, NDManager manager) {
        this.n = n;
        this.d = d;
        this.x = centred;
        this.xsq = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += centred[i * d + j] * centred[i * d + j];
            }
            xsq[i] = s;
        }
        this.manager = manager;
        this.xArray = manager == null ? null : manager.create(centred, new Shape(n, d));
    }

    /** The k centres (k x d) of the best of {@code inits} runs on the rows of {@code data} (n x d row-major). */
    static double[][] fit(double[] data, int n, int d, int k, int inits, int maxIterations, NumpyRandom random,
            FirstCentre first) {
        if (k > n) {
            throw new IllegalArgumentException("cannot make " + k + " clusters from " + n + " rows");
        }
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += data[i * d + j];
            }
        }
        double varSum = 0;
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] centred = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double t = data[i * d + j] - mean[j];
                centred[i * d + j] = t;
                varSum += t * t;
            }
        }
        double tol = TOL * varSum / n / d;
        boolean torch = (long) n * k * d > JAVA_LIMIT;
        try (NDManager m = torch ? Runtimes.pytorch().newBaseManager() : null) {
            KMeans km = new KMeans(centred, n, d, m);
            double bestInertia = Double.POSITIVE_INFINITY;
            double[][] best = null;
            int[] bestLabels = null;
            for (int run = 0; run < inits; run++) {
                double[][] init = km.plusPlus(k, random, first);
                int[] labels = new int[n];
                double[] inertia = new double[1];
                double[][] centres = km.lloyd(init, maxIterations, tol, labels, inertia);
                if (best == null || (inertia[0] < bestInertia && !sameClustering(labels, bestLabels, k))) {
                    best = centres;
                    bestInertia = inertia[0];
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
    }

    /** x.c for every row and centre (n x m). */
    private double[] dots(double[][] centres) {
        int m = centres.length;
        if (manager != null) {
            double[] flat = new double[m * d];
            for (int c = 0; c < m; c++) {
                System.arraycopy(centres[c], 0, flat, c * d, d);
            }
            try (NDManager tmp = manager.newSubManager()) {
                NDArray ca = tmp.create(flat, new Shape(m, d));
                NDArray r = xArray.matMul(ca.transpose());
                r.attach(tmp);
                return r.toDoubleArray();
            }
        }
        double[] out = new double[n * m];
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int c = 0; c < m; c++) {
                double[] cc = centres[c];
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += x[base + j] * cc[j];
                }
                out[i * m + c] = s;
            }
        }
        return out;
    }

    private static double squaredNorm(double[] v) {
        double s = 0;
        for (double t : v) {
            s += t * t;
        }
        return s;
    }

    private double[] row(int i) {
        return Arrays.copyOfRange(x, i * d, i * d + d);
    }

    private double[][] plusPlus(int k, NumpyRandom random, FirstCentre first) {
        int trials = 2 + (int) Math.log(k);
        double[][] centres = new double[k][];
        int firstId;
        if (first == FirstCentre.CHOICE) {
            double[] cdf = new double[n];
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += 1.0 / n;
                cdf[i] = acc;
            }
            for (int i = 0; i < n; i++) {
                cdf[i] /= acc;
            }
            double u = random.nextDouble();
            firstId = searchRight(cdf, u);
        } else {
            firstId = random.randint(n);
        }
        centres[0] = row(firstId);
        double[] closest = new double[n];
        double[] dot0 = dots(new double[][] {centres[0]});
        double c0 = xsq[firstId];
        double pot = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = Math.max(0, -2 * dot0[i] + c0 + xsq[i]);
            pot += closest[i];
        }
        double[] cum = new double[n];
        for (int c = 1; c < k; c++) {
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += closest[i];
                cum[i] = acc;
            }
            int[] cand = new int[trials];
            double[][] cc = new double[trials][];
            for (int t = 0; t < trials; t++) {
                double r = random.nextDouble() * pot;
                cand[t] = Math.min(searchLeft(cum, r), n - 1);
                cc[t] = row(cand[t]);
            }
            double[] dt = dots(cc);
            int bestT = 0;
            double bestPot = Double.POSITIVE_INFINITY;
            double[] dist = new double[trials * n];
            for (int t = 0; t < trials; t++) {
                double p = 0;
                double nc = xsq[cand[t]];
                for (int i = 0; i < n; i++) {
                    double v = Math.min(closest[i], Math.max(0, -2 * dt[i * trials + t] + nc + xsq[i]));
                    dist[t * n + i] = v;
                    p += v;
                }
                if (p < bestPot) {
                    bestPot = p;
                    bestT = t;
                }
            }
            System.arraycopy(dist, bestT * n, closest, 0, n);
            pot = bestPot;
            centres[c] = cc[bestT];
        }
        return centres;
    }

    /** numpy searchsorted(side="left"): first index with a[i] >= v. */
    static int searchLeft(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** numpy searchsorted(side="right"): first index with a[i] > v. */
    static int searchRight(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void assign(double[][] centres, int[] labels) {
        int k = centres.length;
        double[] cn = new double[k];
        for (int c = 0; c < k; c++) {
            cn[c] = squaredNorm(centres[c]);
        }
        double[] dt = dots(centres);
        for (int i = 0; i < n; i++) {
            int b = 0;
            double bv = cn[0] - 2 * dt[i * k];
            for (int c = 1; c < k; c++) {
                double v = cn[c] - 2 * dt[i * k + c];
                if (v < bv) {
                    bv = v;
                    b = c;
                }
            }
            labels[i] = b;
        }
    }

    private double[][] lloyd(double[][] centres, int maxIterations, double tol, int[] labels, double[] inertiaOut) {
        int k = centres.length;
        int[] old = new int[n];
        Arrays.fill(old, -1);
        boolean strict = false;
        for (int it = 0; it < maxIterations; it++) {
            assign(centres, labels);
            double[][] next = new double[k][d];
            double[] weight = new double[k];
            for (int i = 0; i < n; i++) {
                weight[labels[i]]++;
                for (int j = 0; j < d; j++) {
                    next[labels[i]][j] += x[i * d + j];
                }
            }
            relocateEmpty(centres, labels, next, weight);
            double shift = 0;
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    next[c][j] /= weight[c];
                    double t = next[c][j] - centres[c][j];
                    shift += t * t;
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
            System.arraycopy(labels, 0, old, 0, n);
        }
        if (!strict) {
            assign(centres, labels);
        }
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            double[] c = centres[labels[i]];
            for (int j = 0; j < d; j++) {
                double t = x[i * d + j] - c[j];
                inertia += t * t;
            }
        }
        inertiaOut[0] = inertia;
        return centres;
    }

    /** sklearn's _relocate_empty_clusters_dense: empty clusters take the points farthest from their centres. */
    private void relocateEmpty(double[][] old, int[] labels, double[][] sums, double[] weight) {
        int k = old.length;
        int empty = 0;
        for (double w : weight) {
            if (w == 0) {
                empty++;
            }
        }
        if (empty == 0) {
            return;
        }
        double[] dist = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double t = x[i * d + j] - old[labels[i]][j];
                s += t * t;
            }
            dist[i] = s;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(dist[b], dist[a]));
        int e = 0;
        for (int c = 0; c < k; c++) {
            if (weight[c] != 0) {
                continue;
            }
            int far = order[e++];
            int from = labels[far];
            for (int j = 0; j < d; j++) {
                sums[from][j] -= x[far * d + j];
                sums[c][j] = x[far * d + j];
            }
            weight[c] = 1;
            weight[from] -= 1;
        }
    }

    /** sklearn's _is_same_clustering: the two labelings match one-to-one. */
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

package org.cellpaintr.engine.correct;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * k-means as sklearn's {@code KMeans(init="k-means++", n_init, max_iter)} runs it, which is how harmonypy
 * initialises its clusters: greedy k-means++ (2 + floor(ln k) candidate centres per step, the one lowering the
 * potential most is kept), then Lloyd iterations until the labels stop changing or the squared centre shift falls
 * under tol = 1e-4 x the mean feature variance; the run with the lowest inertia wins. Empty clusters take the point
 * farthest from its centre. Distances are computed as ||x||^2 - 2 x.c + ||c||^2 by matrix products on libtorch
 * (float64), so n x k memory, never n x n.
 */
final class KMeans {

    static final double TOL = 1e-4;

    private KMeans() {
    }

    /** The k centres (k x d) of the best of {@code inits} runs on the rows of {@code x} (n x d, float64). */
    static double[][] fit(NDArray x, int k, int inits, int maxIterations, Random random) {
        int n = (int) x.getShape().get(0);
        int d = (int) x.getShape().get(1);
        if (k > n) {
            throw new IllegalArgumentException("cannot make " + k + " clusters from " + n + " rows");
        }
        double[] rows = x.toDoubleArray();
        double[] sq = new double[n];
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = rows[i * d + j];
                sq[i] += v * v;
                mean[j] += v;
            }
        }
        double var = 0;
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double t = rows[i * d + j] - mean[j];
                var += t * t;
            }
        }
        double tol = TOL * var / n / d;
        double bestInertia = Double.POSITIVE_INFINITY;
        double[][] best = null;
        for (int run = 0; run < inits; run++) {
            double[][] centres = plusPlus(x, rows, sq, n, d, k, random);
            double[] inertia = new double[1];
            centres = lloyd(x, rows, n, d, centres, maxIterations, tol, inertia);
            if (inertia[0] < bestInertia) {
                bestInertia = inertia[0];
                best = centres;
            }
        }
        return best;
    }

    /** Squared distances (n x m) from every row to every centre. */
    private static double[] distances(NDArray x, double[][] centres) {
        NDManager m = x.getManager();
        try (NDManager tmp = m.newSubManager()) {
            NDArray c = tmp.create(centres);
            NDArray xc = x.matMul(c.transpose());
            xc.attach(tmp);
            NDArray xx = x.square().sum(new int[] {1}, true);
            xx.attach(tmp);
            NDArray cc = c.square().sum(new int[] {1}).expandDims(0);
            return xx.sub(xc.mul(2)).add(cc).maximum(0).toDoubleArray();
        }
    }

    private static double[][] plusPlus(NDArray x, double[] rows, double[] sq, int n, int d, int k, Random random) {
        int trials = 2 + (int) Math.log(k);
        double[][] centres = new double[k][];
        centres[0] = row(rows, random.nextInt(n), d);
        double[] closest = distances(x, new double[][] {centres[0]});
        double pot = sum(closest);
        double[] cum = new double[n];
        for (int c = 1; c < k; c++) {
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += closest[i];
                cum[i] = acc;
            }
            double[][] cand = new double[trials][];
            for (int t = 0; t < trials; t++) {
                double r = random.nextDouble() * pot;
                int id = java.util.Arrays.binarySearch(cum, r);
                id = id < 0 ? -id - 1 : id;
                cand[t] = row(rows, Math.min(id, n - 1), d);
            }
            double[] dc = distances(x, cand);
            int bestT = 0;
            double bestPot = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                double p = 0;
                for (int i = 0; i < n; i++) {
                    p += Math.min(closest[i], dc[i * trials + t]);
                }
                if (p < bestPot) {
                    bestPot = p;
                    bestT = t;
                }
            }
            centres[c] = cand[bestT];
            for (int i = 0; i < n; i++) {
                closest[i] = Math.min(closest[i], dc[i * trials + bestT]);
            }
            pot = bestPot;
        }
        return centres;
    }

    private static double[][] lloyd(NDArray x, double[] rows, int n, int d, double[][] centres, int maxIterations,
            double tol, double[] inertiaOut) {
        int k = centres.length;
        int[] labels = new int[n];
        int[] old = new int[n];
        java.util.Arrays.fill(old, -1);
        double[] dist = null;
        for (int it = 0; it < maxIterations; it++) {
            dist = distances(x, centres);
            assign(dist, n, k, labels);
            double[][] next = means(rows, n, d, k, labels, dist);
            double shift = 0;
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    double t = next[c][j] - centres[c][j];
                    shift += t * t;
                }
            }
            boolean same = java.util.Arrays.equals(labels, old);
            centres = next;
            System.arraycopy(labels, 0, old, 0, n);
            if (same || shift <= tol) {
                break;
            }
        }
        dist = distances(x, centres);
        assign(dist, n, k, labels);
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            inertia += dist[i * k + labels[i]];
        }
        inertiaOut[0] = inertia;
        return centres;
    }

    private static void assign(double[] dist, int n, int k, int[] labels) {
        for (int i = 0; i < n; i++) {
            int b = 0;
            for (int c = 1; c < k; c++) {
                if (dist[i * k + c] < dist[i * k + b]) {
                    b = c;
                }
            }
            labels[i] = b;
        }
    }

    private static double[][] means(double[] rows, int n, int d, int k, int[] labels, double[] dist) {
        double[][] m = new double[k][d];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            count[labels[i]]++;
            for (int j = 0; j < d; j++) {
                m[labels[i]][j] += rows[i * d + j];
            }
        }
        boolean[] used = new boolean[n];
        for (int c = 0; c < k; c++) {
            if (count[c] == 0) {
                // relocate to the row farthest from its own centre
                int far = -1;
                for (int i = 0; i < n; i++) {
                    if (!used[i] && (far < 0 || dist[i * k + labels[i]] > dist[far * k + labels[far]])) {
                        far = i;
                    }
                }
                used[far] = true;
                m[c] = row(rows, far, d);
                continue;
            }
            for (int j = 0; j < d; j++) {
                m[c][j] /= count[c];
            }
        }
        return m;
    }

    private static double[] row(double[] rows, int i, int d) {
        double[] r = new double[d];
        System.arraycopy(rows, i * d, r, 0, d);
        return r;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    static NDIndex rows(int from, int to) {
        return new NDIndex(from + ":" + to);
    }
}

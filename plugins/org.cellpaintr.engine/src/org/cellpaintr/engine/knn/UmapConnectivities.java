package org.cellpaintr.engine.knn;

/**
 * The connectivities scanpy's {@code pp.neighbors} stores in {@code obsp['connectivities']} (method 'umap', the
 * default): umap-learn's fuzzy simplicial set of the k-NN lists, which scib's graph metrics then use.
 *
 * <p>What scanpy 1.10 / umap-learn 0.5 do, reproduced here:
 * <ol>
 * <li>The k-NN lists include the node itself first at distance 0 (so n_neighbors = k).</li>
 * <li>{@code smooth_knn_dist}: per node, rho = the smallest non-zero distance (local_connectivity = 1); sigma by
 * bisection (64 steps, tolerance 1e-5) so that sum over the k - 1 other neighbours of exp(-max(0, d - rho)/sigma)
 * (a term is 1 when d - rho &lt;= 0) equals log2(k); sigma is floored at 1e-3 times the node's mean neighbour
 * distance (or the global mean when rho = 0).</li>
 * <li>Membership strength of neighbour j of node i: 0 for the node itself, 1 when d - rho &lt;= 0 or sigma = 0,
 * else exp(-(d - rho)/sigma); zeros are dropped.</li>
 * <li>Symmetrisation with set_op_mix_ratio = 1 (fuzzy union): W = A + A^T - A o A^T.</li>
 * </ol>
 * umap works in float32 for sigma and rho; this works in double (differences are of order 1e-7 relative).
 */
public final class UmapConnectivities {

    static final int BISECTION_STEPS = 64;
    static final double SMOOTH_K_TOLERANCE = 1e-5;
    static final double MIN_K_DIST_SCALE = 1e-3;

    private UmapConnectivities() {
    }

    /** sigma and rho per node, as umap's {@code smooth_knn_dist} with local_connectivity = 1, bandwidth = 1. */
    public static double[][] sigmasAndRhos(KnnGraph g) {
        int n = g.size();
        int k = g.k();
        double target = Math.log(k) / Math.log(2);
        double meanAll = 0;
        for (float d : g.distances()) {
            meanAll += d;
        }
        meanAll /= g.distances().length;
        double[] sigma = new double[n];
        double[] rho = new double[n];
        for (int i = 0; i < n; i++) {
            // rho: first non-zero distance in list order (umap keeps the list order, nearest first)
            double r = 0;
            for (int j = 0; j < k; j++) {
                if (g.distance(i, j) > 0) {
                    r = g.distance(i, j);
                    break;
                }
            }
            rho[i] = r;
            double lo = 0;
            double hi = Double.POSITIVE_INFINITY;
            double mid = 1;
            for (int step = 0; step < BISECTION_STEPS; step++) {
                double psum = 0;
                for (int j = 1; j < k; j++) {
                    double d = g.distance(i, j) - r;
                    psum += d > 0 ? Math.exp(-(d / mid)) : 1.0;
                }
                if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) {
                    break;
                }
                if (psum > target) {
                    hi = mid;
                    mid = (lo + hi) / 2;
                } else {
                    lo = mid;
                    mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
                }
            }
            if (r > 0) {
                double meanI = 0;
                for (int j = 0; j < k; j++) {
                    meanI += g.distance(i, j);
                }
                meanI /= k;
                mid = Math.max(mid, MIN_K_DIST_SCALE * meanI);
            } else {
                mid = Math.max(mid, MIN_K_DIST_SCALE * meanAll);
            }
            sigma[i] = mid;
        }
        return new double[][] {sigma, rho};
    }

    /** The symmetric connectivity graph (fuzzy union of the membership strengths). */
    public static SparseGraph compute(KnnGraph g) {
        int n = g.size();
        int k = g.k();
        double[][] sr = sigmasAndRhos(g);
        double[] sigma = sr[0];
        double[] rho = sr[1];
        int max = 2 * n * k;
        int[] rows = new int[max];
        int[] cols = new int[max];
        double[] vals = new double[max];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                int nb = g.neighbor(i, j);
                if (nb == i) {
                    continue;
                }
                double d = g.distance(i, j) - rho[i];
                double v = (d <= 0 || sigma[i] == 0) ? 1.0 : Math.exp(-(d / sigma[i]));
                if (v == 0) {
                    continue;
                }
                // A_ij and its transpose entry; merging the two copies of a pair with a + b - ab gives the fuzzy union
                rows[count] = i;
                cols[count] = nb;
                vals[count++] = v;
                rows[count] = nb;
                cols[count] = i;
                vals[count++] = v;
            }
        }
        return SparseGraph.fromEntries(n, rows, cols, vals, count, (a, b) -> a + b - a * b);
    }
}

package org.cellpaintr.engine.correct;

import org.cellpaintr.engine.table.FeatureMatrix;

/**
 * pycytominer's {@code Spherize} (the version Arevalo et al. used), fitted on the negative-control wells.
 *
 * <p>ZCA-cor: the control wells are standardised (mean, population standard deviation); ZCA: only centred.
 * With X the n x d fitted block and X = U S V^T its singular value decomposition (here via the eigenvalues
 * S^2 of X^T X), W = V diag(sqrt(n - 1) / (S + epsilon)) V^T, and every well is transformed as
 * standardise(x) W. epsilon is added to the singular values, as pycytominer does. When n &lt;= d the singular
 * values past the rank are set to the last non-zero one (pycytominer's padding).
 */
final class Sphering {

    private Sphering() {
    }

    static FeatureMatrix correct(FeatureMatrix x, int[] controls, SpheringVariant variant, double epsilon,
            java.util.List<String> features) {
        int d = x.columns();
        int n = controls.length;
        if (n < 2) {
            throw new IllegalArgumentException("sphering needs at least 2 control wells, got " + n);
        }
        double[][] ms = Gram.meanAndStd(x, controls);
        double[] center = ms[0];
        double[] scale = new double[d];
        java.util.Arrays.fill(scale, 1.0);
        if (variant == SpheringVariant.ZCA_COR) {
            for (int j = 0; j < d; j++) {
                if (ms[1][j] == 0) {
                    throw new IllegalArgumentException("feature '" + features.get(j) + "' does not vary across the"
                            + " control wells; remove it before sphering (ZCA-cor divides by its standard deviation)");
                }
                scale[j] = ms[1][j];
            }
        }
        double[][] g = Gram.of(x, controls, center, scale);
        double[][][] eig = LinearAlgebra.symmetricEigen(g);
        double[] lambda = eig[0][0];
        double[][] v = eig[1];
        double[] sv = new double[d];
        double max = 0;
        for (int j = 0; j < d; j++) {
            sv[j] = Math.sqrt(Math.max(0, lambda[j]));
            max = Math.max(max, sv[j]);
        }
        // numpy's matrix_rank tolerance: S_max * max(n, d) * machine epsilon
        double tol = max * Math.max(n, d) * Math.ulp(1.0);
        int rank = 0;
        while (rank < d && sv[rank] > tol) {
            rank++;
        }
        if (rank < d) {
            if (n > d) {
                throw new IllegalArgumentException("the control wells' features are linearly dependent (rank " + rank
                        + " of " + d + "); remove redundant features before sphering");
            }
            for (int j = rank; j < d; j++) {
                sv[j] = sv[rank - 1];
            }
        }
        double[] f = new double[d];
        for (int j = 0; j < d; j++) {
            f[j] = Math.sqrt(n - 1.0) / (sv[j] + epsilon);
        }
        double[][] w = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += v[a][j] * f[j] * v[b][j];
                }
                w[a][b] = s;
            }
        }
        return Gram.transform(x, center, scale, w);
    }
}

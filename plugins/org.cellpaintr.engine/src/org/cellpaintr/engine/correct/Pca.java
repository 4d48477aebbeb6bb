package org.cellpaintr.engine.correct;

import org.cellpaintr.engine.table.FeatureMatrix;

/**
 * Principal component scores (for Harmony on PCs): centred data times the leading eigenvectors of its covariance.
 * Each component's sign is fixed so that its largest-magnitude loading is positive (so results are reproducible).
 * Public because the command line's report draws its 2-D projections with the same components.
 */
public final class Pca {

    private Pca() {
    }

    /** Row-major {@code rows x components} scores. */
    public static double[] scores(FeatureMatrix x, int components) {
        int n = x.rows();
        int d = x.columns();
        if (components < 1 || components > Math.min(n, d)) {
            throw new IllegalArgumentException("principal components must be between 1 and " + Math.min(n, d)
                    + ", got " + components);
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double[] mean = Gram.meanAndStd(x, all)[0];
        double[] one = new double[d];
        java.util.Arrays.fill(one, 1.0);
        double[][][] eig = LinearAlgebra.symmetricEigen(Gram.of(x, all, mean, one));
        double[][] v = eig[1];
        double[][] w = new double[d][components];
        for (int c = 0; c < components; c++) {
            int arg = 0;
            for (int i = 1; i < d; i++) {
                if (Math.abs(v[i][c]) > Math.abs(v[arg][c])) {
                    arg = i;
                }
            }
            double sign = v[arg][c] < 0 ? -1 : 1;
            for (int i = 0; i < d; i++) {
                w[i][c] = sign * v[i][c];
            }
        }
        try (FeatureMatrix t = Gram.transform(x, mean, one, w)) {
            double[] out = new double[n * components];
            float[] row = new float[components];
            for (int i = 0; i < n; i++) {
                t.readRow(i, row, 0);
                for (int c = 0; c < components; c++) {
                    out[i * components + c] = row[c];
                }
            }
            return out;
        }
    }
}

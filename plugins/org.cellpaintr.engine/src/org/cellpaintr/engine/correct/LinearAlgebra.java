package org.cellpaintr.engine.correct;

/** Small dense linear algebra in double: solves and the symmetric eigendecomposition used by the corrections. */
final class LinearAlgebra {

    private LinearAlgebra() {
    }

    /** X with A X = B, by Gauss-Jordan elimination with partial pivoting (A is small: batches + 1). */
    static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] aa = new double[n][];
        double[][] bb = new double[n][];
        for (int i = 0; i < n; i++) {
            aa[i] = a[i].clone();
            bb[i] = b[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(aa[i][col]) > Math.abs(aa[piv][col])) {
                    piv = i;
                }
            }
            if (aa[piv][col] == 0) {
                throw new IllegalArgumentException("singular system (column " + col + ")");
            }
            double[] t = aa[col];
            aa[col] = aa[piv];
            aa[piv] = t;
            t = bb[col];
            bb[col] = bb[piv];
            bb[piv] = t;
            double inv = 1 / aa[col][col];
            for (int j = 0; j < n; j++) {
                aa[col][j] *= inv;
            }
            for (int j = 0; j < m; j++) {
                bb[col][j] *= inv;
            }
            for (int i = 0; i < n; i++) {
                if (i == col || aa[i][col] == 0) {
                    continue;
                }
                double f = aa[i][col];
                for (int j = 0; j < n; j++) {
                    aa[i][j] -= f * aa[col][j];
                }
                for (int j = 0; j < m; j++) {
                    bb[i][j] -= f * bb[col][j];
                }
            }
        }
        return bb;
    }

    /**
     * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (accurate to double precision for the
     * few-hundred-dimensional covariance matrices of profiles). Returns {eigenvalues (descending), eigenvectors as
     * columns v[i][j] = component i of vector j}.
     */
    static double[][][] symmetricEigen(double[][] s) {
        int n = s.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = s[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double x = a[i][j] * a[i][j];
                    total += x;
                    if (i != j) {
                        off += x;
                    }
                }
            }
            if (off <= 1e-30 * total || off == 0) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    // rotation angle that zeroes a[p][q]
                    double tau = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
                    if (tau == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double sn = t * c;
                    for (int kk = 0; kk < n; kk++) {
                        double akp = a[kk][p];
                        double akq = a[kk][q];
                        a[kk][p] = c * akp - sn * akq;
                        a[kk][q] = sn * akp + c * akq;
                    }
                    for (int kk = 0; kk < n; kk++) {
                        double apk = a[p][kk];
                        double aqk = a[q][kk];
                        a[p][kk] = c * apk - sn * aqk;
                        a[q][kk] = sn * apk + c * aqk;
                    }
                    for (int kk = 0; kk < n; kk++) {
                        double vkp = v[kk][p];
                        double vkq = v[kk][q];
                        v[kk][p] = c * vkp - sn * vkq;
                        v[kk][q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            diag[i] = a[i][i];
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(diag[y], diag[x]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            values[j] = diag[order[j]];
            for (int i = 0; i < n; i++) {
                vectors[i][j] = v[i][order[j]];
            }
        }
        return new double[][][] {{values}, vectors};
    }
}

package org.cellpaintr.engine.correct;

import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Column statistics and the Gram matrix X^T X of centred, scaled rows, accumulated in row blocks (float64). */
final class Gram {

    private Gram() {
    }

    /** Per-column mean and population standard deviation (ddof 0, as sklearn's StandardScaler) of the rows. */
    static double[][] meanAndStd(FeatureMatrix m, int[] rows) {
        int d = m.columns();
        double[] mean = new double[d];
        float[] row = new float[d];
        for (int r : rows) {
            m.readRow(r, row, 0);
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        double[] var = new double[d];
        for (int r : rows) {
            m.readRow(r, row, 0);
            for (int j = 0; j < d; j++) {
                double t = row[j] - mean[j];
                var[j] += t * t;
            }
        }
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(var[j] / rows.length);
        }
        return new double[][] {mean, sd};
    }

    /** sum over rows of z z^T with z = (x - center) / scale. */
    static double[][] of(FeatureMatrix m, int[] rows, double[] center, double[] scale) {
        int d = m.columns();
        int block = Math.max(1, (4 << 20) / Math.max(1, d));
        double[][] g = new double[d][d];
        float[] row = new float[d];
        try (NDManager manager = Runtimes.pytorch().newBaseManager()) {
            NDArray acc = manager.zeros(new Shape(d, d), ai.djl.ndarray.types.DataType.FLOAT64);
            for (int s = 0; s < rows.length; s += block) {
                int count = Math.min(block, rows.length - s);
                double[] z = new double[count * d];
                for (int i = 0; i < count; i++) {
                    m.readRow(rows[s + i], row, 0);
                    for (int j = 0; j < d; j++) {
                        z[i * d + j] = (row[j] - center[j]) / scale[j];
                    }
                }
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.create(z, new Shape(count, d));
                    acc.addi(x.transpose().matMul(x));
                }
            }
            double[] flat = acc.toDoubleArray();
            for (int i = 0; i < d; i++) {
                System.arraycopy(flat, i * d, g[i], 0, d);
            }
        }
        return g;
    }

    /** Rows of {@code m} transformed as (x - center) / scale times W (d x e), as a new matrix. */
    static FeatureMatrix transform(FeatureMatrix m, double[] center, double[] scale, double[][] w) {
        int d = m.columns();
        int e = w[0].length;
        int block = Math.max(1, (4 << 20) / Math.max(1, Math.max(d, e)));
        double[] wf = new double[d * e];
        for (int i = 0; i < d; i++) {
            System.arraycopy(w[i], 0, wf, i * e, e);
        }
        FeatureMatrix.Builder out = FeatureMatrix.builder(e);
        float[] row = new float[d];
        float[] res = new float[e];
        try (NDManager manager = Runtimes.pytorch().newBaseManager()) {
            NDArray wa = manager.create(wf, new Shape(d, e));
            for (int s = 0; s < m.rows(); s += block) {
                int count = Math.min(block, m.rows() - s);
                double[] z = new double[count * d];
                for (int i = 0; i < count; i++) {
                    m.readRow(s + i, row, 0);
                    for (int j = 0; j < d; j++) {
                        z[i * d + j] = (row[j] - center[j]) / scale[j];
                    }
                }
                double[] y;
                try (NDManager step = manager.newSubManager()) {
                    y = step.create(z, new Shape(count, d)).matMul(wa).toDoubleArray();
                }
                for (int i = 0; i < count; i++) {
                    for (int j = 0; j < e; j++) {
                        res[j] = (float) y[i * e + j];
                    }
                    out.appendRow(res);
                }
            }
        }
        return out.build();
    }
}

package org.cellpaintr.engine.knn;

import org.cellpaintr.engine.table.FeatureMatrix;

/**
 * Selected rows of a feature matrix, each scaled to unit length, packed row-major on the heap.
 *
 * <p>Why: every cosine computation (the neighbour graph, the silhouettes, copairs' pair similarities) is a dot
 * product of unit rows, so the rows are normalised once. A zero row stays zero, as in sklearn's {@code normalize}
 * (its cosine similarity to anything is then 0).
 */
public final class UnitRows {

    private final int size;
    private final int dims;
    private final float[] values;

    private UnitRows(int size, int dims, float[] values) {
        this.size = size;
        this.dims = dims;
        this.values = values;
    }

    /** Unit copies of {@code matrix}'s rows {@code rows[0..]} (in that order). */
    public static UnitRows of(FeatureMatrix matrix, int[] rows) {
        int d = matrix.columns();
        long total = (long) rows.length * d;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows.length + " rows x " + d + " features is too large for one block ("
                    + "at most " + (Integer.MAX_VALUE - 8) + " values)");
        }
        float[] v = new float[(int) total];
        for (int i = 0; i < rows.length; i++) {
            matrix.readRow(rows[i], v, i * d);
        }
        normalise(v, rows.length, d);
        return new UnitRows(rows.length, d, v);
    }

    /** Unit copies of the rows of a row-major {@code size x dims} array (which is not modified). */
    public static UnitRows of(float[] rowMajor, int size, int dims) {
        if ((long) size * dims != rowMajor.length) {
            throw new IllegalArgumentException(rowMajor.length + " values are not " + size + " x " + dims);
        }
        float[] v = rowMajor.clone();
        normalise(v, size, dims);
        return new UnitRows(size, dims, v);
    }

    private static void normalise(float[] v, int n, int d) {
        for (int i = 0; i < n; i++) {
            double ss = 0;
            int base = i * d;
            for (int j = 0; j < d; j++) {
                float x = v[base + j];
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException("row " + i + " of the selected rows has a missing or infinite"
                            + " value in feature " + j);
                }
                ss += (double) x * x;
            }
            if (ss > 0) {
                float inv = (float) (1.0 / Math.sqrt(ss));
                for (int j = 0; j < d; j++) {
                    v[base + j] *= inv;
                }
            }
        }
    }

    public int size() {
        return size;
    }

    public int dims() {
        return dims;
    }

    /** The packed row-major values (not a copy: do not modify). */
    public float[] values() {
        return values;
    }

    /** Cosine similarity of rows i and j, accumulated in double and rounded to float like a float32 dot. */
    public float cosine(int i, int j) {
        int a = i * dims;
        int b = j * dims;
        double s = 0;
        for (int c = 0; c < dims; c++) {
            s += (double) values[a + c] * values[b + c];
        }
        return (float) s;
    }

    /** The unit rows whose indices are given, as a new block. */
    public UnitRows select(int[] rows) {
        float[] v = new float[rows.length * dims];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * dims, v, i * dims, dims);
        }
        return new UnitRows(rows.length, dims, v);
    }
}

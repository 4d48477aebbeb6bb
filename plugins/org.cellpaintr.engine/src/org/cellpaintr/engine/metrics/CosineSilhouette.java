package org.cellpaintr.engine.metrics;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.cellpaintr.engine.knn.UnitRows;
import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * sklearn's {@code silhouette_samples} with the cosine distance, without a pairwise distance matrix.
 *
 * <p>Why it needs none: for unit rows the cosine distance is 1 - x_i . x_j, so the summed distance from row i to a
 * cluster C is |C| - x_i . S_C with S_C the sum of C's unit rows. One (n x clusters) product gives every row's mean
 * distance to every cluster exactly. sklearn sets the self-distance to 0, which this reproduces by removing the
 * self term 1 - x_i . x_i from the own-cluster sum.
 */
public final class CosineSilhouette {

    /** Above this many multiply-adds the row-by-cluster products run on libtorch. */
    static final long JAVA_LIMIT = 20_000_000L;

    private CosineSilhouette() {
    }

    /**
     * Silhouette of each of {@code members} (row indices into {@code rows}) for the cluster codes
     * {@code clusters[i]} of {@code members[i]} (0..count-1, every code used). A row alone in its cluster gets 0,
     * as in sklearn.
     */
    public static double[] samples(UnitRows rows, int[] members, int[] clusters, int count) {
        int n = members.length;
        int d = rows.dims();
        float[] v = rows.values();
        double[] sums = new double[count * d];
        int[] sizes = new int[count];
        for (int i = 0; i < n; i++) {
            int c = clusters[i];
            sizes[c]++;
            int base = members[i] * d;
            for (int j = 0; j < d; j++) {
                sums[c * d + j] += v[base + j];
            }
        }
        double[] s = new double[n];
        boolean torch = (long) n * count * d > JAVA_LIMIT;
        // rows in blocks so that only (block x clusters) dot products exist at a time
        int block = (int) Math.max(1, Math.min(n, (4L << 20) / Math.max(1, count)));
        try (NDManager manager = torch ? Runtimes.pytorch().newBaseManager() : null) {
            NDArray st = torch ? manager.create(toFloats(sums), new Shape(count, d)).transpose() : null;
            for (int start = 0; start < n; start += block) {
                int m = Math.min(block, n - start);
                int[] part = java.util.Arrays.copyOfRange(members, start, start + m);
                double[] dots = torch ? dotsTorch(manager, st, rows, part) : dotsJava(v, part, d, sums, count);
                for (int i = 0; i < m; i++) {
                    s[start + i] = value(v, members[start + i], d, clusters[start + i], sizes, dots, i, count);
                }
            }
        }
        return s;
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    /** Silhouette of one row from its dot products with every cluster's sum. */
    private static double value(float[] v, int row, int d, int own, int[] sizes, double[] dots, int i, int count) {
        if (sizes[own] <= 1) {
            return 0;
        }
        double selfDot = 0;
        int base = row * d;
        for (int j = 0; j < d; j++) {
            selfDot += (double) v[base + j] * v[base + j];
        }
        double a = (sizes[own] - dots[i * count + own] - (1 - selfDot)) / (sizes[own] - 1);
        double b = Double.POSITIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            if (c != own && sizes[c] > 0) {
                b = Math.min(b, (sizes[c] - dots[i * count + c]) / sizes[c]);
            }
        }
        // Rounding: unit rows in float32 have a self dot product of 1 +- 1e-7, so the mean distance within a cluster of
        // identical rows can come out as -1e-7 and (b - a) / b then exceeds 1 (or falls below -1 the other way round).
        // A cosine distance is never negative (sklearn's cosine_distances clips to [0, 2]), and a silhouette lies in
        // [-1, 1] by definition; both are restored here.
        a = Math.max(0, a);
        b = Math.max(0, b);
        double denom = Math.max(a, b);
        return denom == 0 ? 0 : Math.max(-1, Math.min(1, (b - a) / denom));
    }

    private static double[] dotsJava(float[] v, int[] members, int d, double[] sums, int count) {
        double[] out = new double[members.length * count];
        for (int i = 0; i < members.length; i++) {
            int base = members[i] * d;
            for (int c = 0; c < count; c++) {
                double t = 0;
                int cb = c * d;
                for (int j = 0; j < d; j++) {
                    t += v[base + j] * sums[cb + j];
                }
                out[i * count + c] = t;
            }
        }
        return out;
    }

    /**
     * Row-by-cluster dot products on libtorch in float32 (unit rows against cluster sums: the relative rounding,
     * about 1e-7, is far below the silhouette's meaningful digits), returned as doubles.
     */
    private static double[] dotsTorch(NDManager manager, NDArray sumsT, UnitRows rows, int[] part) {
        int d = rows.dims();
        float[] v = rows.values();
        float[] chunk = new float[part.length * d];
        for (int i = 0; i < part.length; i++) {
            System.arraycopy(v, part[i] * d, chunk, i * d, d);
        }
        try (NDManager step = manager.newSubManager()) {
            ByteBuffer buf = ByteBuffer.allocateDirect(chunk.length * 4).order(ByteOrder.nativeOrder());
            buf.asFloatBuffer().put(chunk);
            NDArray x = step.create(buf, new Shape(part.length, d), DataType.FLOAT32);
            float[] r = x.matMul(sumsT).toFloatArray();
            double[] out = new double[r.length];
            for (int i = 0; i < r.length; i++) {
                out[i] = r[i];
            }
            return out;
        }
    }

    /**
     * scib's silhouette_batch: per label with more than one batch and not one well per batch, the batch silhouette
     * of its wells, s -> 1 - |s|, averaged per label; then the mean over those labels.
     */
    public static MetricValue batchScore(UnitRows rows, LabelCodes labels, LabelCodes batches) {
        int[][] groups = labels.groups();
        double total = 0;
        int used = 0;
        for (int[] members : groups) {
            LabelCodes local = LabelCodes.ofInts(select(batches.codes(), members));
            if (local.count() == 1 || local.count() == members.length) {
                continue;
            }
            double[] s = samples(rows, members, local.codes(), local.count());
            double mean = 0;
            for (double x : s) {
                mean += 1 - Math.abs(x);
            }
            total += mean / s.length;
            used++;
        }
        return used == 0 ? MetricValue.nan() : new MetricValue(total / used, used);
    }

    /** scib's silhouette (label): sklearn's silhouette_score (the mean over wells), rescaled (s + 1) / 2. */
    public static MetricValue labelScore(UnitRows rows, LabelCodes labels) {
        int n = labels.size();
        if (labels.count() < 2 || labels.count() >= n) {
            return MetricValue.nan();
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double[] s = samples(rows, all, labels.codes(), labels.count());
        double mean = 0;
        for (double x : s) {
            mean += x;
        }
        mean /= n;
        return new MetricValue((mean + 1) / 2, n);
    }

    static int[] select(int[] values, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }
}

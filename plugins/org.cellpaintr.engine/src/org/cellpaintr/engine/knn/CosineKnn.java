package org.cellpaintr.engine.knn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Exact cosine k-nearest neighbours by blocked matrix products on libtorch.
 *
 * <p>Rows are processed in blocks of b rows: one (b x n) similarity block = X_block . X^T, then its top k per row.
 * The block is sized to about {@link #BLOCK_VALUES} floats, so memory is O(n*d + b*n + n*k), never n x n.
 * Distances are 1 - cosine similarity, clipped at 0 (sklearn's {@code cosine_distances} does the same).
 */
public final class CosineKnn {

    /** Similarity values computed at once (64 MB of float32). */
    static final long BLOCK_VALUES = 16L << 20;

    private CosineKnn() {
    }

    /**
     * The k-NN lists of all rows of {@code rows}, each list beginning with the row itself (distance 0) followed by
     * the k - 1 most similar other rows. k is capped at the number of rows.
     */
    public static KnnGraph compute(UnitRows rows, int k, Progress progress) throws CanceledException {
        int n = rows.size();
        int d = rows.dims();
        if (n < 2) {
            throw new IllegalArgumentException("a neighbour graph needs at least 2 rows, got " + n);
        }
        if (k < 2) {
            throw new IllegalArgumentException("k must be at least 2 (the row itself and one neighbour), got " + k);
        }
        int kk = Math.min(k, n);
        int[] nbr = new int[n * kk];
        float[] dist = new float[n * kk];
        int block = (int) Math.max(1, Math.min(n, BLOCK_VALUES / n));
        try (NDManager manager = Runtimes.pytorch().newBaseManager()) {
            ByteBuffer buf = ByteBuffer.allocateDirect(n * d * 4).order(ByteOrder.nativeOrder());
            buf.asFloatBuffer().put(rows.values());
            NDArray x = manager.create(buf, new Shape(n, d), DataType.FLOAT32);
            NDArray xt = x.transpose().duplicate();
            for (int start = 0; start < n; start += block) {
                progress.checkCanceled();
                int count = Math.min(block, n - start);
                try (NDManager step = manager.newSubManager()) {
                    NDArray slice = x.get(start + ":" + (start + count));
                    slice.attach(step); // everything computed from it below is then freed with this step
                    NDList top = slice.matMul(xt).topK(kk, 1, true, true);
                    float[] s = top.get(0).toFloatArray();
                    long[] idx = top.get(1).toLongArray();
                    for (int r = 0; r < count; r++) {
                        placeSelfFirst(start + r, kk, s, idx, r * kk, nbr, dist, (start + r) * kk);
                    }
                }
                progress.report((double) (start + count) / n, "nearest neighbours of row " + (start + count) + "/" + n);
            }
        }
        return new KnnGraph(n, kk, nbr, dist);
    }

    /**
     * Copies one top-k list, putting the row itself first at distance 0 (scanpy does this even when duplicates
     * tie with it) and keeping the others in similarity order.
     */
    private static void placeSelfFirst(int self, int k, float[] sim, long[] idx, int from, int[] nbr, float[] dist,
            int to) {
        nbr[to] = self;
        dist[to] = 0f;
        int w = 1;
        for (int j = 0; j < k && w < k; j++) {
            int id = (int) idx[from + j];
            if (id == self) {
                continue;
            }
            nbr[to + w] = id;
            dist[to + w] = Math.max(0f, 1f - sim[from + j]);
            w++;
        }
    }
}

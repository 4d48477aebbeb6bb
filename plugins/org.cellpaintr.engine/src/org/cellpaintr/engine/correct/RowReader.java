package org.cellpaintr.engine.correct;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Reads the rows of a contiguous float32 or float64 libtorch matrix straight from its memory, from any thread,
 * without a copy on the Java heap.
 *
 * <p>Why: k-means sums every row into its centre in each Lloyd step of every start; a JNI call and a copy per block
 * of rows cost as much as the sums, and a copy on the heap would hold the matrix twice. A direct buffer of a Java
 * {@code ByteBuffer} addresses at most 2 GiB, so the matrix is viewed in chunks of rows (row slices of a contiguous
 * matrix are views, not copies). The matrix must outlive the reader and must not be written while it is read.
 */
final class RowReader {

    /** Bytes per chunk view (well below the 2 GiB a buffer can address). */
    private static final long CHUNK_BYTES = 1L << 30;

    private final int d;
    private final int rowsPerChunk;
    private final DoubleBuffer[] doubles;
    private final FloatBuffer[] floats;

    RowReader(NDArray x) {
        int n = (int) x.getShape().get(0);
        this.d = (int) x.getShape().get(1);
        boolean f64 = x.getDataType() == DataType.FLOAT64;
        if (!f64 && x.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("rows must be float32 or float64, got " + x.getDataType());
        }
        int bytes = f64 ? 8 : 4;
        this.rowsPerChunk = (int) Math.max(1, CHUNK_BYTES / ((long) Math.max(1, d) * bytes));
        int chunks = Math.max(1, (n + rowsPerChunk - 1) / rowsPerChunk);
        this.doubles = f64 ? new DoubleBuffer[chunks] : null;
        this.floats = f64 ? null : new FloatBuffer[chunks];
        for (int c = 0; c < chunks; c++) {
            int from = c * rowsPerChunk;
            int to = Math.min(n, from + rowsPerChunk);
            // the slice is a view of x's memory and its direct buffer points there (no copy is made)
            NDArray view = x.get(new NDIndex(from + ":" + to));
            view.attach(x.getManager());
            if (f64) {
                doubles[c] = view.toByteBuffer(true).order(ByteOrder.nativeOrder()).asDoubleBuffer();
            } else {
                floats[c] = view.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
        }
    }

    /** Row i into dst[offset, offset + d) as doubles. */
    void row(int i, double[] dst, int offset) {
        int c = i / rowsPerChunk;
        int at = (i - c * rowsPerChunk) * d;
        if (doubles != null) {
            doubles[c].get(at, dst, offset, d);
        } else {
            FloatBuffer f = floats[c];
            for (int j = 0; j < d; j++) {
                dst[offset + j] = f.get(at + j);
            }
        }
    }

    /** Rows [from, to) into dst (row-major, at least (to - from) x d long). */
    void rows(int from, int to, double[] dst) {
        for (int i = from; i < to; i++) {
            row(i, dst, (i - from) * d);
        }
    }

    /** A fresh copy of row i. */
    double[] row(int i) {
        double[] r = new double[d];
        row(i, r, 0);
        return r;
    }
}

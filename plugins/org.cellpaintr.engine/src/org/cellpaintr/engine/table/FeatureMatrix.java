package org.cellpaintr.engine.table;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A rows x columns float32 matrix held off the Java heap in Arrow buffers.
 *
 * <p>Layout: row-major, split into chunks of whole rows (at most {@link #CHUNK_BYTES} each). Row-major because
 * every consumer reads rows (model batches, nearest-neighbour blocks, per-plate statistics gather a plate's rows)
 * and because readers append rows as they stream a file; chunks because the row count of a CSV is unknown until
 * its end, so the matrix grows a chunk at a time instead of reallocating and copying.
 */
public final class FeatureMatrix implements AutoCloseable {

    /** Upper bound of one chunk's size. */
    public static final long CHUNK_BYTES = 64L << 20;

    private final BufferAllocator allocator;
    private final List<ArrowBuf> chunks;
    private final int rowsPerChunk;
    private final int rows;
    private final int columns;
    private boolean closed;

    private FeatureMatrix(BufferAllocator allocator, List<ArrowBuf> chunks, int rowsPerChunk, int rows, int columns) {
        this.allocator = allocator;
        this.chunks = chunks;
        this.rowsPerChunk = rowsPerChunk;
        this.rows = rows;
        this.columns = columns;
    }

    static int rowsPerChunk(int columns, long chunkBytes) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, chunkBytes / (4L * Math.max(1, columns))));
    }

    /** A zero-filled matrix. */
    public static FeatureMatrix zeros(int rows, int columns) {
        Builder b = builder(columns);
        b.appendZeroRows(rows);
        return b.build();
    }

    public static Builder builder(int columns) {
        return new Builder(columns, CHUNK_BYTES);
    }

    /** A builder with a chosen chunk size (tests use small chunks to cross chunk boundaries). */
    public static Builder builder(int columns, long chunkBytes) {
        return new Builder(columns, chunkBytes);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    private ArrowBuf chunkOf(int row) {
        return chunks.get(row / rowsPerChunk);
    }

    private long offset(int row, int column) {
        return (((long) (row % rowsPerChunk)) * columns + column) * 4L;
    }

    private void checkRow(int row) {
        if (closed) {
            throw new IllegalStateException("feature matrix is closed");
        }
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " outside 0.." + (rows - 1));
        }
    }

    private void checkIndex(int row, int column) {
        if (closed) {
            throw new IllegalStateException("feature matrix is closed");
        }
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("(" + row + ", " + column + ") outside " + rows + " x " + columns);
        }
    }

    public float get(int row, int column) {
        checkIndex(row, column);
        return chunkOf(row).getFloat(offset(row, column));
    }

    public void set(int row, int column, float value) {
        checkIndex(row, column);
        chunkOf(row).setFloat(offset(row, column), value);
    }

    /** A little-endian view of one row (no copy; valid until the matrix is closed). */
    public FloatBuffer row(int row) {
        checkRow(row);
        return chunkOf(row).nioBuffer(offset(row, 0), columns * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    /** Copies one row into {@code dst[dstOffset..]}. */
    public void readRow(int row, float[] dst, int dstOffset) {
        row(row).get(dst, dstOffset, columns);
    }

    public float[] readRow(int row) {
        float[] out = new float[columns];
        readRow(row, out, 0);
        return out;
    }

    public void writeRow(int row, float[] src, int srcOffset) {
        row(row).put(src, srcOffset, columns);
    }

    /**
     * A little-endian byte view of rows [start, start + count) when they lie in one chunk (so DJL can wrap them
     * without a copy); otherwise {@code null}, and callers copy with {@link #readRows}.
     */
    public ByteBuffer contiguousRows(int start, int count) {
        if (count == 0 || start / rowsPerChunk != (start + count - 1) / rowsPerChunk) {
            return null;
        }
        checkRow(start);
        checkRow(start + count - 1);
        return chunkOf(start).nioBuffer(offset(start, 0), Math.multiplyExact(count, columns) * 4)
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies rows [start, start + count) row-major into {@code dst}. */
    public void readRows(int start, int count, float[] dst) {
        for (int i = 0; i < count; i++) {
            readRow(start + i, dst, i * columns);
        }
    }

    /** Copies a column's values (strided read). For many columns, prefer {@link #readColumnBlock}. */
    public float[] readColumn(int column) {
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = get(r, column);
        }
        return out;
    }

    /**
     * Copies columns [first, first + count) of the given rows into {@code dst[c][i]} (feature-major), reading each
     * row's contiguous slice once: the cache-friendly way to get per-feature vectors out of a row-major matrix.
     */
    public void readColumnBlock(int[] rowIndex, int first, int count, float[][] dst) {
        if (rowIndex.length == 0 || count == 0) {
            return;
        }
        checkIndex(0, first);
        checkIndex(0, first + count - 1);
        float[] tmp = new float[count];
        for (int i = 0; i < rowIndex.length; i++) {
            int r = rowIndex[i];
            checkRow(r);
            // one bulk copy of the row's slice, then scatter: far cheaper than count bounds-checked reads
            chunkOf(r).nioBuffer(offset(r, first), count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(tmp);
            for (int c = 0; c < count; c++) {
                dst[c][i] = tmp[c];
            }
        }
    }

    /** Writes back what {@link #readColumnBlock} read. */
    public void writeColumnBlock(int[] rowIndex, int first, int count, float[][] src) {
        if (rowIndex.length == 0 || count == 0) {
            return;
        }
        checkIndex(0, first);
        checkIndex(0, first + count - 1);
        float[] tmp = new float[count];
        for (int i = 0; i < rowIndex.length; i++) {
            int r = rowIndex[i];
            checkRow(r);
            for (int c = 0; c < count; c++) {
                tmp[c] = src[c][i];
            }
            chunkOf(r).nioBuffer(offset(r, first), count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(tmp);
        }
    }

    /** A new matrix with the given rows (in that order). */
    public FeatureMatrix selectRows(int[] rowIndex) {
        Builder b = builder(columns);
        float[] buf = new float[columns];
        for (int r : rowIndex) {
            readRow(r, buf, 0);
            b.appendRow(buf);
        }
        return b.build();
    }

    /** A new matrix whose column j is this matrix's column {@code sourceColumn[j]}, or zeros where it is -1. */
    public FeatureMatrix selectColumns(int[] sourceColumn) {
        Builder b = builder(sourceColumn.length);
        float[] in = new float[columns];
        float[] out = new float[sourceColumn.length];
        for (int r = 0; r < rows; r++) {
            readRow(r, in, 0);
            for (int j = 0; j < sourceColumn.length; j++) {
                out[j] = sourceColumn[j] < 0 ? 0f : in[sourceColumn[j]];
            }
            b.appendRow(out);
        }
        return b.build();
    }

    public FeatureMatrix copy() {
        Builder b = builder(columns);
        float[] buf = new float[columns];
        for (int r = 0; r < rows; r++) {
            readRow(r, buf, 0);
            b.appendRow(buf);
        }
        return b.build();
    }

    /** Off-heap bytes held. */
    public long bytes() {
        return allocator.getAllocatedMemory();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        chunks.forEach(ArrowBuf::close);
        allocator.close();
    }

    /** Appends rows one at a time, growing a chunk at a time. Not thread-safe. */
    public static final class Builder implements AutoCloseable {
        private final int columns;
        private final int rowsPerChunk;
        private final BufferAllocator allocator;
        private final List<ArrowBuf> chunks = new ArrayList<>();
        private int rows;
        private int lastChunkRows;
        private boolean done;

        private Builder(int columns, long chunkBytes) {
            if (columns < 0) {
                throw new IllegalArgumentException("negative column count");
            }
            this.columns = columns;
            this.rowsPerChunk = rowsPerChunk(columns, chunkBytes);
            this.allocator = Allocators.child("feature-matrix");
        }

        public int rows() {
            return rows;
        }

        private ArrowBuf nextSlot() {
            if (done) {
                throw new IllegalStateException("builder already built");
            }
            if (rows == Integer.MAX_VALUE) {
                throw new IllegalStateException("more than " + Integer.MAX_VALUE + " rows");
            }
            int inChunk = rows % rowsPerChunk;
            if (inChunk == 0) {
                // a new chunk starts small and doubles up to rowsPerChunk, so small tables stay small
                chunks.add(newChunk(Math.min(rowsPerChunk, 64)));
                lastChunkRows = Math.min(rowsPerChunk, 64);
            } else if (inChunk == lastChunkRows) {
                int grown = (int) Math.min(rowsPerChunk, 2L * lastChunkRows);
                ArrowBuf old = chunks.get(chunks.size() - 1);
                ArrowBuf bigger = newChunk(grown);
                bigger.setBytes(0, old, 0, (long) inChunk * columns * 4L);
                old.close();
                chunks.set(chunks.size() - 1, bigger);
                lastChunkRows = grown;
            }
            return chunks.get(chunks.size() - 1);
        }

        private ArrowBuf newChunk(int chunkRows) {
            ArrowBuf chunk = allocator.buffer(Math.max(1L, (long) chunkRows * columns * 4L));
            chunk.setZero(0, chunk.capacity());
            return chunk;
        }

        public void appendRow(float[] values) {
            appendRow(values, 0);
        }

        public void appendRow(float[] values, int offset) {
            ArrowBuf chunk = nextSlot();
            long base = ((long) (rows % rowsPerChunk)) * columns * 4L;
            chunk.nioBuffer(base, columns * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, offset, columns);
            rows++;
        }

        public void appendZeroRows(int count) {
            for (int i = 0; i < count; i++) {
                nextSlot();
                rows++;
            }
        }

        public FeatureMatrix build() {
            done = true;
            return new FeatureMatrix(allocator, chunks, rowsPerChunk, rows, columns);
        }

        /** Releases the buffers of a builder that was abandoned (e.g. on a read error). */
        @Override
        public void close() {
            if (!done) {
                done = true;
                chunks.forEach(ArrowBuf::close);
                allocator.close();
            }
        }
    }
}

package org.cellpaintr.engine.knn;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A weighted graph in compressed sparse row form: node i's edges are {@code cols[rowStart[i] .. rowStart[i+1])}
 * with {@code weights[...]}, columns ascending. The graphs built here are symmetric and have no self loops.
 */
public final class SparseGraph {

    private final int size;
    private final int[] rowStart;
    private final int[] cols;
    private final double[] weights;

    public SparseGraph(int size, int[] rowStart, int[] cols, double[] weights) {
        if (rowStart.length != size + 1 || cols.length != weights.length || rowStart[size] != cols.length) {
            throw new IllegalArgumentException("inconsistent sparse graph arrays");
        }
        this.size = size;
        this.rowStart = rowStart;
        this.cols = cols;
        this.weights = weights;
    }

    /**
     * Builds a graph from coordinate entries; entries for the same (row, col) are combined with {@code combine}
     * in the order given.
     */
    public static SparseGraph fromEntries(int size, int[] rows, int[] columns, double[] values, int count,
            java.util.function.DoubleBinaryOperator combine) {
        int[] start = new int[size + 1];
        for (int e = 0; e < count; e++) {
            start[rows[e] + 1]++;
        }
        for (int i = 0; i < size; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, size);
        int[] c = new int[count];
        double[] v = new double[count];
        for (int e = 0; e < count; e++) {
            int slot = fill[rows[e]]++;
            c[slot] = columns[e];
            v[slot] = values[e];
        }
        // sort each row by column (insertion-stable, so duplicates keep their order) and merge duplicates
        int[] outStart = new int[size + 1];
        int w = 0;
        for (int i = 0; i < size; i++) {
            int from = start[i];
            int to = start[i + 1];
            sortRow(c, v, from, to);
            outStart[i] = w;
            for (int e = from; e < to; e++) {
                if (w > outStart[i] && c[w - 1] == c[e]) {
                    v[w - 1] = combine.applyAsDouble(v[w - 1], v[e]);
                } else {
                    c[w] = c[e];
                    v[w] = v[e];
                    w++;
                }
            }
        }
        outStart[size] = w;
        return new SparseGraph(size, outStart, Arrays.copyOf(c, w), Arrays.copyOf(v, w));
    }

    private static void sortRow(int[] c, double[] v, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int ci = c[i];
            double vi = v[i];
            int j = i - 1;
            while (j >= from && c[j] > ci) {
                c[j + 1] = c[j];
                v[j + 1] = v[j];
                j--;
            }
            c[j + 1] = ci;
            v[j + 1] = vi;
        }
    }

    public int size() {
        return size;
    }

    public int edgeCount() {
        return cols.length;
    }

    public int start(int node) {
        return rowStart[node];
    }

    public int end(int node) {
        return rowStart[node + 1];
    }

    public int column(int entry) {
        return cols[entry];
    }

    public double weight(int entry) {
        return weights[entry];
    }

    public double weightSum(int node) {
        double s = 0;
        for (int e = rowStart[node]; e < rowStart[node + 1]; e++) {
            s += weights[e];
        }
        return s;
    }

    /** The weight of edge (i, j), 0 when absent. */
    public double get(int i, int j) {
        int e = Arrays.binarySearch(cols, rowStart[i], rowStart[i + 1], j);
        return e >= 0 ? weights[e] : 0.0;
    }

    /**
     * The subgraph induced by {@code nodes} (local ids = positions in {@code nodes}); edges to nodes outside are
     * dropped.
     */
    public SparseGraph induced(int[] nodes) {
        int[] local = new int[size];
        Arrays.fill(local, -1);
        for (int i = 0; i < nodes.length; i++) {
            local[nodes[i]] = i;
        }
        int[] start = new int[nodes.length + 1];
        int count = 0;
        for (int i = 0; i < nodes.length; i++) {
            for (int e = rowStart[nodes[i]]; e < rowStart[nodes[i] + 1]; e++) {
                if (local[cols[e]] >= 0) {
                    count++;
                }
            }
            start[i + 1] = count;
        }
        int[] c = new int[count];
        double[] v = new double[count];
        int w = 0;
        for (int i = 0; i < nodes.length; i++) {
            int rowFrom = w;
            for (int e = rowStart[nodes[i]]; e < rowStart[nodes[i] + 1]; e++) {
                int l = local[cols[e]];
                if (l >= 0) {
                    c[w] = l;
                    v[w] = weights[e];
                    w++;
                }
            }
            sortRow(c, v, rowFrom, w);
        }
        return new SparseGraph(nodes.length, start, c, v);
    }

    /**
     * Connected component id of every node (ids in order of first node). For the symmetric graphs built here
     * strong and weak connectivity coincide, which is what scipy's {@code connected_components(connection="strong")}
     * reports for them.
     */
    public int[] components() {
        int[] comp = new int[size];
        Arrays.fill(comp, -1);
        int next = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int s = 0; s < size; s++) {
            if (comp[s] >= 0) {
                continue;
            }
            comp[s] = next;
            queue.add(s);
            while (!queue.isEmpty()) {
                int u = queue.poll();
                for (int e = rowStart[u]; e < rowStart[u + 1]; e++) {
                    int v = cols[e];
                    if (comp[v] < 0) {
                        comp[v] = next;
                        queue.add(v);
                    }
                }
            }
            next++;
        }
        return comp;
    }
}

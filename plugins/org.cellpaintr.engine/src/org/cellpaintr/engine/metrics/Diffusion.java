package org.cellpaintr.engine.metrics;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.cellpaintr.engine.knn.SparseGraph;

/**
 * Sums of powers of a sparse matrix, T + T^2 + ... + T^s, evaluated one row at a time (a sparse vector pushed
 * through T s times) so that no dense n x n matrix is ever formed, as scib's {@code diffusion_conn} and
 * {@code diffusion_nn} would with sparse matrix products.
 */
final class Diffusion {

    private final SparseGraph t;
    private final double[] scale;
    private final double[] acc;
    private final double[] cur;
    private final double[] next;
    private final int[] curList;
    private final int[] nextList;
    private final int[] accList;
    private final boolean[] inAcc;
    private final boolean[] inNext;

    /**
     * @param graph the matrix's sparsity and raw values
     * @param rowScale factor applied to each row i of the graph (T_ij = rowScale[i] * graph_ij)
     */
    Diffusion(SparseGraph graph, double[] rowScale) {
        this.t = graph;
        this.scale = rowScale;
        int n = graph.size();
        acc = new double[n];
        cur = new double[n];
        next = new double[n];
        curList = new int[n];
        nextList = new int[n];
        accList = new int[n];
        inAcc = new boolean[n];
        inNext = new boolean[n];
    }

    /**
     * Row {@code i} of T + T^2 + ... + T^steps: calls {@code sink.accept(column, value)} for each entry that is
     * structurally non-zero, then clears its work arrays.
     */
    void row(int i, int steps, EntrySink sink) {
        int curCount = 0;
        // T^1 row
        for (int e = t.start(i); e < t.end(i); e++) {
            int j = t.column(e);
            cur[j] = scale[i] * t.weight(e);
            curList[curCount++] = j;
        }
        int accCount = 0;
        for (int a = 0; a < curCount; a++) {
            int j = curList[a];
            acc[j] += cur[j];
            if (!inAcc[j]) {
                inAcc[j] = true;
                accList[accCount++] = j;
            }
        }
        for (int s = 2; s <= steps; s++) {
            curCount = multiplyOnce(curCount);
            for (int a = 0; a < curCount; a++) {
                int l = curList[a];
                acc[l] += cur[l];
                if (!inAcc[l]) {
                    inAcc[l] = true;
                    accList[accCount++] = l;
                }
            }
        }
        for (int a = 0; a < curCount; a++) {
            cur[curList[a]] = 0;
        }
        for (int a = 0; a < accCount; a++) {
            int j = accList[a];
            sink.accept(j, acc[j]);
            acc[j] = 0;
            inAcc[j] = false;
        }
    }

    /**
     * One more power of the walk: the sparse row vector held in cur/curList (curCount entries) times the scaled
     * transition matrix, written back into cur/curList. Returns the new entry count.
     */
    private int multiplyOnce(int curCount) {
        int nextCount = 0;
        for (int a = 0; a < curCount; a++) {
            int j = curList[a];
            double v = cur[j];
            for (int e = t.start(j); e < t.end(j); e++) {
                int l = t.column(e);
                next[l] += v * scale[j] * t.weight(e);
                if (!inNext[l]) {
                    inNext[l] = true;
                    nextList[nextCount++] = l;
                }
            }
        }
        for (int a = 0; a < curCount; a++) {
            cur[curList[a]] = 0;
        }
        for (int a = 0; a < nextCount; a++) {
            int l = nextList[a];
            cur[l] = next[l];
            next[l] = 0;
            inNext[l] = false;
            curList[a] = l;
        }
        return nextCount;
    }

    /**
     * Rows {@code i} of T^1 .. T^maxPower, each as {columns, values} (structural non-zeros), for evaluating
     * T^(a+b)[i][j] = T^a row i . T^b row j (T symmetric) without pushing every row through all the steps.
     */
    Object[] powerRows(int i, int maxPower) {
        int[][] cols = new int[maxPower][];
        double[][] vals = new double[maxPower][];
        int curCount = 0;
        for (int e = t.start(i); e < t.end(i); e++) {
            int j = t.column(e);
            cur[j] = scale[i] * t.weight(e);
            curList[curCount++] = j;
        }
        for (int s = 1; s <= maxPower; s++) {
            if (s > 1) {
                curCount = multiplyOnce(curCount);
            }
            cols[s - 1] = java.util.Arrays.copyOf(curList, curCount);
            vals[s - 1] = new double[curCount];
            for (int a = 0; a < curCount; a++) {
                vals[s - 1][a] = cur[curList[a]];
            }
        }
        for (int a = 0; a < curCount; a++) {
            cur[curList[a]] = 0;
        }
        return new Object[] {cols, vals};
    }

    interface EntrySink {
        void accept(int column, double value);
    }

    /**
     * Number of structurally non-zero entries in row i of T + ... + T^steps: nodes at graph distance 1..steps,
     * plus i itself once steps >= 2 and i has an edge (a walk there and back). Stops counting at {@code cap}.
     */
    static int reach(SparseGraph g, int i, int steps, int cap, int[] depth, ArrayDeque<Integer> queue, int[] touched) {
        int touchedCount = 0;
        int count = 0;
        depth[i] = 0;
        touched[touchedCount++] = i;
        queue.clear();
        queue.add(i);
        while (!queue.isEmpty() && count < cap) {
            int u = queue.poll();
            if (depth[u] == steps) {
                continue;
            }
            for (int e = g.start(u); e < g.end(u); e++) {
                int v = g.column(e);
                if (depth[v] < 0) {
                    depth[v] = depth[u] + 1;
                    touched[touchedCount++] = v;
                    count++;
                    queue.add(v);
                }
            }
        }
        if (steps >= 2 && g.end(i) > g.start(i)) {
            count++;
        }
        for (int a = 0; a < touchedCount; a++) {
            depth[touched[a]] = -1;
        }
        return count;
    }

    /**
     * The smallest s in [first, last] such that every row in {@code rows} has at least {@code need} structural
     * non-zeros in T + ... + T^s; -1 if even {@code last} steps are not enough.
     */
    static int stepsNeeded(SparseGraph g, int[] rows, int need, int first, int last) {
        int[] depth = new int[g.size()];
        Arrays.fill(depth, -1);
        int[] touched = new int[g.size()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int steps = first;
        for (int r : rows) {
            while (reach(g, r, steps, need, depth, queue, touched) < need) {
                if (steps >= last) {
                    return -1;
                }
                steps++;
            }
        }
        return steps;
    }
}

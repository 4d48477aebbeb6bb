package org.cellpaintr.engine.metrics;

import java.util.Arrays;

import org.cellpaintr.engine.knn.SparseGraph;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;

/**
 * scib's graph LISI ({@code lisi_graph_py} with its C++ {@code knn_graph}), for iLISI (batches) and cLISI (labels).
 *
 * <p>Per well: its k0 = 90 nearest wells by shortest path on the connectivity graph, where an edge's length is its
 * connectivity value itself (scib writes the connectivities matrix to the C++ tool, which adds the weights along
 * paths; connectivities below 3e-308 are raised to 3e-308). Then LISI's Gaussian kernel: P_j = exp(-beta D_j)
 * normalised, beta found by bisection so that the entropy H = log(sum P) + beta sum(D P)/sum(P) equals
 * log(perplexity), perplexity = floor(k0 / 3) = 30 (tolerance 1e-5, at most 50 tries, starting at beta = 1).
 * Simpson's index = sum over classes of (sum of P in the class)^2 and LISI = 1 / Simpson.
 *
 * <p>scib's special cases, kept: wells without edges are left out; a well that reaches fewer than k0 others gets
 * Simpson 1 (LISI 1); a well whose kernel underflows entirely (H = 0) gets Simpson -1 (LISI -1).
 */
public final class GraphLisi {

    static final double MIN_WEIGHT = 3e-308;
    static final double TOLERANCE = 1e-5;
    static final int MAX_TRIES = 50;

    private GraphLisi() {
    }

    /**
     * LISI of every well with at least one edge, for each class vector (e.g. batches, labels).
     *
     * @return lisi[c][w] for class vector c and the w-th well that has edges, in node order
     */
    public static double[][] lisi(SparseGraph g, int k0, LabelCodes[] classes, Progress progress) throws CanceledException {
        int n = g.size();
        double perplexity = Math.floor(k0 / 3.0);
        double logU = Math.log(perplexity);
        int withEdges = 0;
        for (int i = 0; i < n; i++) {
            if (g.end(i) > g.start(i)) {
                withEdges++;
            }
        }
        double[][] out = new double[classes.length][withEdges];
        ShortestPaths sp = new ShortestPaths(g);
        int[] nbr = new int[k0];
        double[] dist = new double[k0];
        double[] p = new double[k0];
        double[][] classSums = new double[classes.length][];
        for (int c = 0; c < classes.length; c++) {
            classSums[c] = new double[classes[c].count()];
        }
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (g.end(i) == g.start(i)) {
                continue;
            }
            if ((i & 1023) == 0) {
                progress.checkCanceled();
                progress.report((double) i / n, "LISI of well " + i + "/" + n);
            }
            int found = sp.nearest(i, k0, nbr, dist);
            if (found < k0) {
                for (int c = 0; c < classes.length; c++) {
                    out[c][w] = 1.0; // scib: "not enough neighbors" -> Simpson 1
                }
                w++;
                continue;
            }
            double h = kernel(dist, k0, logU, p);
            for (int c = 0; c < classes.length; c++) {
                double simpson;
                if (h == 0) {
                    simpson = -1;
                } else {
                    double[] sums = classSums[c];
                    Arrays.fill(sums, 0);
                    int[] codes = classes[c].codes();
                    for (int j = 0; j < k0; j++) {
                        sums[codes[nbr[j]]] += p[j];
                    }
                    simpson = 0;
                    for (double s : sums) {
                        simpson += s * s;
                    }
                }
                out[c][w] = 1.0 / simpson;
            }
            w++;
        }
        return out;
    }

    /** Fills {@code p} with the perplexity-calibrated kernel of distances {@code d}; returns the entropy H. */
    static double kernel(double[] d, int k, double logU, double[] p) {
        double beta = 1;
        double betaMin = Double.NEGATIVE_INFINITY;
        double betaMax = Double.POSITIVE_INFINITY;
        double h = hbeta(d, k, beta, p);
        double diff = h - logU;
        int tries = 0;
        while (Math.abs(diff) > TOLERANCE && tries < MAX_TRIES) {
            if (diff > 0) {
                betaMin = beta;
                beta = betaMax == Double.POSITIVE_INFINITY ? beta * 2 : (beta + betaMax) / 2;
            } else {
                betaMax = beta;
                beta = betaMin == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + betaMin) / 2;
            }
            h = hbeta(d, k, beta, p);
            diff = h - logU;
            tries++;
        }
        return h;
    }

    static double hbeta(double[] d, int k, double beta, double[] p) {
        double sum = 0;
        double dp = 0;
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp(-d[j] * beta);
            sum += p[j];
            dp += d[j] * p[j];
        }
        if (sum == 0) {
            Arrays.fill(p, 0, k, 0.0);
            return 0;
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return Math.log(sum) + beta * dp / sum;
    }

    /** numpy's nanmedian. */
    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** scib's ilisi_graph (scaled): (median LISI - 1) / (batches - 1). */
    public static MetricValue ilisi(double[] lisi, int batches) {
        if (lisi.length == 0 || batches < 2) {
            return MetricValue.nan();
        }
        return new MetricValue((median(lisi) - 1) / (batches - 1), lisi.length);
    }

    /** scib's clisi_graph (scaled): (labels - median LISI) / (labels - 1). */
    public static MetricValue clisi(double[] lisi, int labels) {
        if (lisi.length == 0 || labels < 2) {
            return MetricValue.nan();
        }
        return new MetricValue((labels - median(lisi)) / (labels - 1), lisi.length);
    }

    /** Dijkstra from one source at a time, reusing its arrays (reset through a list of touched nodes). */
    static final class ShortestPaths {
        private final SparseGraph g;
        private final double[] best;
        private final boolean[] done;
        private final int[] touched;
        private int touchedCount;
        private double[] heapKey = new double[64];
        private int[] heapNode = new int[64];
        private int heapSize;

        ShortestPaths(SparseGraph g) {
            this.g = g;
            best = new double[g.size()];
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            done = new boolean[g.size()];
            touched = new int[g.size()];
        }

        /** The k nearest other nodes of {@code source} in order of path length; returns how many were reached. */
        int nearest(int source, int k, int[] nbr, double[] dist) {
            int found = 0;
            heapSize = 0;
            touch(source, 0.0);
            push(0.0, source);
            while (heapSize > 0 && found < k) {
                double du = heapKey[0];
                int u = heapNode[0];
                pop();
                if (done[u] || du > best[u]) {
                    continue;
                }
                done[u] = true;
                if (u != source) {
                    nbr[found] = u;
                    dist[found] = du;
                    found++;
                }
                for (int e = g.start(u); e < g.end(u); e++) {
                    int v = g.column(e);
                    double nd = du + Math.max(MIN_WEIGHT, g.weight(e));
                    if (!done[v] && nd < best[v]) {
                        touch(v, nd);
                        push(nd, v);
                    }
                }
            }
            for (int t = 0; t < touchedCount; t++) {
                best[touched[t]] = Double.POSITIVE_INFINITY;
                done[touched[t]] = false;
            }
            touchedCount = 0;
            return found;
        }

        private void touch(int v, double d) {
            if (best[v] == Double.POSITIVE_INFINITY) {
                touched[touchedCount++] = v;
            }
            best[v] = d;
        }

        private void push(double key, int node) {
            if (heapSize == heapKey.length) {
                heapKey = Arrays.copyOf(heapKey, heapSize * 2);
                heapNode = Arrays.copyOf(heapNode, heapSize * 2);
            }
            int i = heapSize++;
            while (i > 0) {
                int parent = (i - 1) >> 1;
                if (heapKey[parent] <= key) {
                    break;
                }
                heapKey[i] = heapKey[parent];
                heapNode[i] = heapNode[parent];
                i = parent;
            }
            heapKey[i] = key;
            heapNode[i] = node;
        }

        private void pop() {
            double key = heapKey[--heapSize];
            int node = heapNode[heapSize];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= heapSize) {
                    break;
                }
                if (child + 1 < heapSize && heapKey[child + 1] < heapKey[child]) {
                    child++;
                }
                if (heapKey[child] >= key) {
                    break;
                }
                heapKey[i] = heapKey[child];
                heapNode[i] = heapNode[child];
                i = child;
            }
            heapKey[i] = key;
            heapNode[i] = node;
        }
    }
}

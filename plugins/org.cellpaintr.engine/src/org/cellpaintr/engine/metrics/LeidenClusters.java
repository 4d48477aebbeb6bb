package org.cellpaintr.engine.metrics;

import java.util.Random;

import org.cellpaintr.engine.knn.SparseGraph;

import nl.cwts.networkanalysis.Clustering;
import nl.cwts.networkanalysis.LeidenAlgorithm;
import nl.cwts.networkanalysis.Network;
import nl.cwts.util.LargeDoubleArray;
import nl.cwts.util.LargeIntArray;

/**
 * Leiden clustering of the connectivity graph with CWTS's implementation (nl.cwts:networkanalysis, by the
 * algorithm's authors), set up as scanpy's {@code tl.leiden} sets up leidenalg:
 * RBConfiguration (modularity) quality on the weighted connectivities with resolution 1, iterated until an
 * iteration no longer changes the partition (leidenalg's n_iterations = -1), seeded.
 *
 * <p>scanpy passes the symmetric connectivities as a directed graph with both edge directions; directed modularity
 * with equal in- and out-degrees is the undirected modularity, which CWTS computes as CPM with node weights = weighted
 * degrees and resolution gamma / (2 W), W the total edge weight. The random number generators differ (java.util.Random
 * vs igraph's), so clusters agree with leidenalg's in quality, not label for label.
 */
public final class LeidenClusters {

    /** CWTS's default randomness of the refinement step (leidenalg uses the same 0.01). */
    static final double RANDOMNESS = 0.01;
    static final int MAX_ITERATIONS = 10_000;

    private LeidenClusters() {
    }

    /** Cluster of every node, numbered 0.. by decreasing cluster size. */
    public static int[] cluster(SparseGraph g, double resolution, long seed) {
        int n = g.size();
        int edges = 0;
        for (int i = 0; i < n; i++) {
            for (int e = g.start(i); e < g.end(i); e++) {
                if (g.column(e) > i) {
                    edges++;
                }
            }
        }
        int[] from = new int[edges];
        int[] to = new int[edges];
        double[] w = new double[edges];
        int c = 0;
        for (int i = 0; i < n; i++) {
            for (int e = g.start(i); e < g.end(i); e++) {
                if (g.column(e) > i) {
                    from[c] = i;
                    to[c] = g.column(e);
                    w[c++] = g.weight(e);
                }
            }
        }
        Network network = new Network(n, true, new LargeIntArray[] {new LargeIntArray(from), new LargeIntArray(to)},
                new LargeDoubleArray(w), false, false);
        double scaled = resolution / (2 * network.getTotalEdgeWeight() + network.getTotalEdgeWeightSelfLinks());
        LeidenAlgorithm leiden = new LeidenAlgorithm(scaled, 1, RANDOMNESS, new Random(seed));
        Clustering clustering = new Clustering(n);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            if (!leiden.improveClustering(network, clustering)) {
                break;
            }
        }
        clustering.orderClustersByNNodes();
        return clustering.getClusters();
    }

    /** Modularity of a partition of the graph (for tests and reports). */
    public static double modularity(SparseGraph g, int[] clusters) {
        int n = g.size();
        int k = 0;
        for (int c : clusters) {
            k = Math.max(k, c + 1);
        }
        double[] degreeSum = new double[k];
        double inside = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int e = g.start(i); e < g.end(i); e++) {
                double wt = g.weight(e);
                total += wt;
                degreeSum[clusters[i]] += wt;
                if (clusters[g.column(e)] == clusters[i]) {
                    inside += wt;
                }
            }
        }
        double q = inside / total;
        for (double d : degreeSum) {
            q -= (d / total) * (d / total);
        }
        return q;
    }
}

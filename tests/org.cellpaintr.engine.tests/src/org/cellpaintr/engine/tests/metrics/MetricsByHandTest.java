package org.cellpaintr.engine.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.cellpaintr.engine.knn.SparseGraph;
import org.cellpaintr.engine.knn.UnitRows;
import org.cellpaintr.engine.metrics.ChiSquare;
import org.cellpaintr.engine.metrics.ClusterAgreement;
import org.cellpaintr.engine.metrics.LabelCodes;
import org.cellpaintr.engine.metrics.CosineSilhouette;
import org.cellpaintr.engine.metrics.GraphConnectivity;
import org.cellpaintr.engine.metrics.GraphLisi;
import org.cellpaintr.engine.metrics.LeidenClusters;
import org.cellpaintr.engine.metrics.MetricValue;
import org.cellpaintr.engine.op.Progress;
import org.junit.jupiter.api.Test;

/** Each metric on cases small enough to work out by hand (or by its textbook definition in plain double). */
class MetricsByHandTest {

    static SparseGraph graph(int n, int[][] edges, double[] w) {
        int[] r = new int[edges.length * 2];
        int[] c = new int[edges.length * 2];
        double[] v = new double[edges.length * 2];
        for (int e = 0; e < edges.length; e++) {
            r[2 * e] = edges[e][0];
            c[2 * e] = edges[e][1];
            r[2 * e + 1] = edges[e][1];
            c[2 * e + 1] = edges[e][0];
            v[2 * e] = v[2 * e + 1] = w == null ? 1.0 : w[e];
        }
        return SparseGraph.fromEntries(n, r, c, v, r.length, Double::sum);
    }

    @Test
    void graphConnectivityIsTheMeanLargestComponentShare() {
        // label A = {0,1,2} with only 0-1 inside it: 2/3; label B = {3,4} connected: 1; edge 2-3 crosses labels
        SparseGraph g = graph(5, new int[][] {{0, 1}, {2, 3}, {3, 4}}, null);
        MetricValue v = GraphConnectivity.score(g, LabelCodes.ofInts(new int[] {0, 0, 0, 1, 1}));
        assertEquals((2.0 / 3 + 1) / 2, v.value(), 1e-12);
        assertEquals(2, v.items());
    }

    @Test
    void chiSquareUpperTailKnownValues() {
        assertEquals(0.05, ChiSquare.upperTail(3.841458820694124, 1), 1e-12);
        assertEquals(0.05, ChiSquare.upperTail(5.991464547107979, 2), 1e-12);
        assertEquals(Math.exp(-10.0 / 2), ChiSquare.upperTail(10, 2), 1e-14); // dof 2: exp(-x/2)
        assertEquals(0.01, ChiSquare.upperTail(23.209251158954356, 10), 1e-12);
        assertEquals(1.0, ChiSquare.upperTail(0, 3), 0.0);
    }

    @Test
    void nmiAndAriOfAWorkedExample() {
        LabelCodes labels = LabelCodes.ofInts(new int[] {0, 0, 1, 1});
        LabelCodes clusters = LabelCodes.ofInts(new int[] {0, 0, 1, 2});
        // MI = ln 2, H(labels) = ln 2, H(clusters) = 1.5 ln 2 -> NMI = 1 / 1.25
        assertEquals(0.8, ClusterAgreement.nmi(clusters, labels), 1e-12);
        // index 1, sums 2 and 1, expected 2*1/6, max 1.5 -> (2/3) / (7/6) = 4/7
        assertEquals(4.0 / 7, ClusterAgreement.ari(clusters, labels), 1e-12);
        assertEquals(1.0, ClusterAgreement.nmi(labels, labels), 1e-12);
        assertEquals(1.0, ClusterAgreement.ari(labels, labels), 1e-12);
    }

    /** Silhouette straight from its definition with an explicit distance for every pair. */
    static double[] silhouetteByDefinition(float[] v, int n, int d, int[] cl) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int c : cl) {
                k = Math.max(k, c + 1);
            }
            double[] sum = new double[k];
            int[] cnt = new int[k];
            for (int j = 0; j < n; j++) {
                double dot = 0;
                double ni = 0;
                double nj = 0;
                for (int c = 0; c < d; c++) {
                    dot += (double) v[i * d + c] * v[j * d + c];
                    ni += (double) v[i * d + c] * v[i * d + c];
                    nj += (double) v[j * d + c] * v[j * d + c];
                }
                double dist = i == j ? 0 : 1 - dot / Math.sqrt(ni * nj);
                sum[cl[j]] += dist;
                cnt[cl[j]]++;
            }
            if (cnt[cl[i]] == 1) {
                continue;
            }
            double a = sum[cl[i]] / (cnt[cl[i]] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != cl[i] && cnt[c] > 0) {
                    b = Math.min(b, sum[c] / cnt[c]);
                }
            }
            s[i] = (b - a) / Math.max(a, b);
        }
        return s;
    }

    @Test
    void cosineSilhouetteEqualsTheDefinition() {
        Random r = new Random(5);
        int n = 60;
        int d = 5;
        float[] v = new float[n * d];
        int[] cl = new int[n];
        for (int i = 0; i < n; i++) {
            cl[i] = i % 4 == 3 && i > 40 ? 3 : i % 3;
            for (int c = 0; c < d; c++) {
                v[i * d + c] = (float) (r.nextGaussian() + (c == cl[i] ? 2 : 0));
            }
        }
        cl[59] = 3; // cluster 3 also has members; a singleton is tested below
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double[] got = CosineSilhouette.samples(UnitRows.of(v, n, d), all, cl, 4);
        assertArrayEquals(silhouetteByDefinition(v, n, d, cl), got, 1e-6);
    }

    @Test
    void silhouetteOfTwoTightClustersWorkedByHand() {
        // cluster 0 at angle 0 (two identical points), cluster 1 at 90 degrees: a = 0, b = 1 -> s = 1 for all
        float[] v = {1, 0, 1, 0, 0, 1, 0, 1};
        int[] all = {0, 1, 2, 3};
        double[] s = CosineSilhouette.samples(UnitRows.of(v, 4, 2), all, new int[] {0, 0, 1, 1}, 2);
        assertArrayEquals(new double[] {1, 1, 1, 1}, s, 1e-7);
        MetricValue label = CosineSilhouette.labelScore(UnitRows.of(v, 4, 2), LabelCodes.ofInts(new int[] {0, 0, 1, 1}));
        assertEquals(1.0, label.value(), 1e-7, "(1 + 1) / 2");
        // batch silhouette inside one label whose two batches coincide: s = (b - a)/max = (0 - 0)/0 -> 0 -> 1 - 0
        float[] same = {1, 0, 1, 0, 1, 0, 1, 0};
        MetricValue batch = CosineSilhouette.batchScore(UnitRows.of(same, 4, 2), LabelCodes.ofInts(new int[] {0, 0, 0, 0}),
                LabelCodes.ofInts(new int[] {0, 1, 0, 1}));
        assertEquals(1.0, batch.value(), 1e-7);
    }

    @Test
    void silhouetteStaysWithinMinusOneAndOneWhenRoundingMakesADistanceNegative() {
        // (3, 4, 5) scaled to unit length in float32 has a self dot product of 1 + 1.0e-7 (worked in double), so the
        // mean distance inside a cluster of copies of it comes out as -1.0e-7 before clipping, and (b - a) / b > 1.
        // By definition a = 0 there (identical rows), so s = 1 exactly; and the label score (s + 1) / 2 = 1.
        float[] v = {3, 4, 5, 3, 4, 5, 3, 4, 5, 5, -4, 3, 5, -4, 3};
        int[] cl = {0, 0, 0, 1, 1};
        double[] s = CosineSilhouette.samples(UnitRows.of(v, 5, 3), new int[] {0, 1, 2, 3, 4}, cl, 2);
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, s[i], 0.0, "well " + i + " of the identical cluster");
        }
        // the other way round: copies of (3, 4, 5) in two clusters, so b = 0 (rounded to -1e-7) while a > 0: s = -1
        float[] w = {3, 4, 5, 5, -4, 3, 3, 4, 5};
        double[] t = CosineSilhouette.samples(UnitRows.of(w, 3, 3), new int[] {0, 1, 2}, new int[] {0, 0, 1}, 2);
        assertEquals(-1.0, t[0], 0.0, "a well whose nearest other cluster coincides with it");
        double label = CosineSilhouette.labelScore(UnitRows.of(v, 5, 3), LabelCodes.ofInts(cl)).value();
        assertTrue(label <= 1.0, "label silhouette " + label + " above 1");
    }

    @Test
    void lisiKeepsScibsUnderflowCaseForEqualDistances() throws Exception {
        // star: centre 0 joined to 6 leaves with connectivity 0.5; k0 = 3 -> perplexity 1, log U = 0. The centre's
        // three neighbours are all at path length 0.5, so P is uniform for every beta and H = ln 3 > 0: the
        // bisection doubles beta until exp underflows, then sum P = 0, H = 0 = log U ends the search, and scib
        // records Simpson -1 (LISI -1) for that well.
        int[][] e = new int[6][];
        double[] w = new double[6];
        for (int i = 0; i < 6; i++) {
            e[i] = new int[] {0, i + 1};
            w[i] = 0.5;
        }
        double[][] lisi = GraphLisi.lisi(graph(7, e, w), 3, new LabelCodes[] {LabelCodes.ofInts(new int[7])}, Progress.NONE);
        assertEquals(-1.0, lisi[0][0], 0.0);
    }

    @Test
    void lisiKernelHitsThePerplexity() throws Exception {
        // a long path: every node has 90 reachable nodes at distinct distances, so the kernel is calibrated
        int n = 400;
        int[][] e = new int[n - 1][];
        double[] w = new double[n - 1];
        Random r = new Random(1);
        for (int i = 0; i < n - 1; i++) {
            e[i] = new int[] {i, i + 1};
            w[i] = 0.05 + r.nextDouble();
        }
        int[] one = new int[n];
        double[][] lisi = GraphLisi.lisi(graph(n, e, w), 90, new LabelCodes[] {LabelCodes.ofInts(one)}, Progress.NONE);
        for (double x : lisi[0]) {
            assertEquals(1.0, x, 1e-9, "a single class gives Simpson 1");
        }
        assertEquals(0.0, GraphLisi.ilisi(new double[] {1, 1, 1}, 2).value(), 0.0);
        assertEquals(1.0, GraphLisi.ilisi(new double[] {2, 2, 2}, 2).value(), 0.0);
        assertEquals(1.0, GraphLisi.clisi(new double[] {1, 1, 1}, 5).value(), 0.0);
    }

    @Test
    void leidenRecoversARingOfCliques() {
        int cliques = 8;
        int size = 6;
        java.util.List<int[]> edges = new java.util.ArrayList<>();
        for (int c = 0; c < cliques; c++) {
            for (int i = 0; i < size; i++) {
                for (int j = i + 1; j < size; j++) {
                    edges.add(new int[] {c * size + i, c * size + j});
                }
            }
            edges.add(new int[] {c * size, ((c + 1) % cliques) * size + 1});
        }
        SparseGraph g = graph(cliques * size, edges.toArray(int[][]::new), null);
        int[] cl = LeidenClusters.cluster(g, 1.0, 0);
        int[] truth = new int[cliques * size];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = i / size;
        }
        assertEquals(1.0, ClusterAgreement.nmi(LabelCodes.ofInts(cl), LabelCodes.ofInts(truth)), 1e-12);
        // modularity of the clique partition, by hand: m = 8*15 + 8 = 128 edges; each clique: 15 inside edges,
        // degree sum 2*15 + 2 = 32 -> Q = 8 * (15/128 - (32/256)^2) = 0.8125
        assertEquals(0.8125, LeidenClusters.modularity(g, cl), 1e-12);
    }
}

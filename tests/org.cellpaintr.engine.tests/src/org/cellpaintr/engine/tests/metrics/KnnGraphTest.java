package org.cellpaintr.engine.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.cellpaintr.engine.knn.CosineKnn;
import org.cellpaintr.engine.knn.KnnGraph;
import org.cellpaintr.engine.knn.SparseGraph;
import org.cellpaintr.engine.knn.UmapConnectivities;
import org.cellpaintr.engine.knn.UnitRows;
import org.cellpaintr.engine.op.Progress;
import org.junit.jupiter.api.Test;

class KnnGraphTest {

    static UnitRows random(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return UnitRows.of(v, n, d);
    }

    @Test
    void matchesBruteForceCosineNeighbours() throws Exception {
        int n = 300;
        int d = 16;
        int k = 25;
        UnitRows rows = random(n, d, 1);
        KnnGraph g = CosineKnn.compute(rows, k, Progress.NONE);
        float[] v = rows.values();
        for (int i = 0; i < n; i++) {
            assertEquals(i, g.neighbor(i, 0), "self first");
            assertEquals(0f, g.distance(i, 0));
            // brute force in double: the k-1 smallest distances to other rows
            double[] dist = new double[n];
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += (double) v[i * d + c] * v[j * d + c];
                }
                dist[j] = j == i ? Double.POSITIVE_INFINITY : 1 - dot;
            }
            double[] sorted = dist.clone();
            Arrays.sort(sorted);
            for (int r = 1; r < k; r++) {
                assertEquals(sorted[r - 1], g.distance(i, r), 1e-5, "row " + i + " rank " + r);
                assertEquals(dist[g.neighbor(i, r)], g.distance(i, r), 1e-5);
            }
        }
    }

    @Test
    void blocksSpanningSeveralMatrixProductsGiveTheSameGraph() throws Exception {
        // 5000 rows: the similarity block is 16M/5000 = 3355 rows, so two products; compare with a small-k run
        UnitRows rows = random(5000, 8, 2);
        KnnGraph g = CosineKnn.compute(rows, 5, Progress.NONE);
        for (int i : new int[] {0, 3354, 3355, 4999}) {
            assertEquals(i, g.neighbor(i, 0));
            for (int r = 2; r < 5; r++) {
                assertTrue(g.distance(i, r) >= g.distance(i, r - 1));
            }
        }
    }

    @Test
    void connectivitiesFollowUmapsSmoothKnnDefinition() throws Exception {
        int k = 10;
        UnitRows rows = random(200, 6, 3);
        KnnGraph g = CosineKnn.compute(rows, k, Progress.NONE);
        double[][] sr = UmapConnectivities.sigmasAndRhos(g);
        double target = Math.log(k) / Math.log(2);
        for (int i = 0; i < g.size(); i++) {
            assertEquals(g.distance(i, 1), sr[1][i], 1e-7, "rho = nearest non-zero distance");
            double psum = 0;
            for (int j = 1; j < k; j++) {
                psum += Math.exp(-Math.max(0, g.distance(i, j) - sr[1][i]) / sr[0][i]);
            }
            assertEquals(target, psum, 1e-4, "sum of memberships = log2(k)");
        }
        SparseGraph w = UmapConnectivities.compute(g);
        for (int i = 0; i < g.size(); i++) {
            assertEquals(0.0, w.get(i, i));
            for (int j = 1; j < k; j++) {
                int nb = g.neighbor(i, j);
                double a = membership(g, sr, i, nb);
                double b = membership(g, sr, nb, i);
                assertEquals(a + b - a * b, w.get(i, nb), 1e-12, "fuzzy union");
                assertEquals(w.get(i, nb), w.get(nb, i), 0.0, "symmetric");
            }
        }
    }

    private static double membership(KnnGraph g, double[][] sr, int i, int j) {
        for (int r = 1; r < g.k(); r++) {
            if (g.neighbor(i, r) == j) {
                double d = g.distance(i, r) - sr[1][i];
                return d <= 0 ? 1.0 : Math.exp(-d / sr[0][i]);
            }
        }
        return 0;
    }

    @Test
    void twoNeighbourCaseWorkedByHand() throws Exception {
        // k = 2: each list is (self, nearest). target log2(2) = 1, the single term is 1 (d - rho = 0), so the
        // bisection stops at sigma = 1 at once; membership of the nearest = 1; union of 1 and 1 = 1.
        float[] v = {1, 0, 0.8f, 0.6f, 0, 1, -1, 0.1f};
        KnnGraph g = CosineKnn.compute(UnitRows.of(v, 4, 2), 2, Progress.NONE);
        double[][] sr = UmapConnectivities.sigmasAndRhos(g);
        for (int i = 0; i < 4; i++) {
            assertEquals(1.0, sr[0][i], 0.0);
        }
        SparseGraph w = UmapConnectivities.compute(g);
        assertEquals(1, g.neighbor(0, 1)); // cos(0,1) = 0.8 is the largest for row 0
        assertEquals(1.0, w.get(0, 1), 0.0);
        assertEquals(1.0, w.get(1, 0), 0.0);
    }
}

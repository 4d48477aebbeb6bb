package org.cellpaintr.engine.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.cellpaintr.engine.knn.SparseGraph;
import org.cellpaintr.engine.metrics.Kbet;
import org.junit.jupiter.api.Test;

/** kBET's diffusion blocks: the by-halves evaluation equals the plain row-by-row sum of powers. */
class KbetDiffusionTest {

    @Test
    void byHalvesEqualsRowByRowWhenManyStepsAreNeeded() {
        // a ring where each node links to its 2 neighbours on each side: reaching 50 nodes takes about 13 steps
        int n = 300;
        Random r = new Random(4);
        int[] rows = new int[n * 4];
        int[] cols = new int[n * 4];
        double[] w = new double[n * 4];
        int c = 0;
        for (int i = 0; i < n; i++) {
            for (int d = 1; d <= 2; d++) {
                int j = (i + d) % n;
                double v = 0.2 + 0.8 * r.nextDouble();
                rows[c] = i;
                cols[c] = j;
                w[c++] = v;
                rows[c] = j;
                cols[c] = i;
                w[c++] = v;
            }
        }
        SparseGraph g = SparseGraph.fromEntries(n, rows, cols, w, c, Double::sum);
        int steps = Kbet.diffusionSteps(g);
        assertTrue(steps >= 3, "steps " + steps);
        int[] members = {3, 4, 10, 17, 40, 41, 42, 150, 290, 299};
        SparseGraph a = Kbet.diffusionBlock(g, members, false);
        SparseGraph b = Kbet.diffusionBlock(g, members, true);
        for (int i = 0; i < members.length; i++) {
            for (int j = 0; j < members.length; j++) {
                double x = a.get(i, j);
                assertEquals(x, b.get(i, j), 1e-12 * Math.max(1, Math.abs(x)), "(" + i + ", " + j + ")");
            }
        }
        assertEquals(a.edgeCount(), b.edgeCount());
    }
}

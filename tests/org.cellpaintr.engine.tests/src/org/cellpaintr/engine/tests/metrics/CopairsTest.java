package org.cellpaintr.engine.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.cellpaintr.engine.knn.UnitRows;
import org.cellpaintr.engine.metrics.AveragePrecision;
import org.cellpaintr.engine.metrics.MeanAveragePrecision;
import org.cellpaintr.engine.metrics.PairRule;
import org.cellpaintr.engine.op.Progress;
import org.junit.jupiter.api.Test;

/** copairs' average precision, null distribution, p-values and Benjamini-Hochberg on worked examples. */
class CopairsTest {

    /** 2-d unit vectors at the given angles (degrees). */
    static UnitRows angles(double... deg) {
        float[] v = new float[deg.length * 2];
        for (int i = 0; i < deg.length; i++) {
            v[2 * i] = (float) Math.cos(Math.toRadians(deg[i]));
            v[2 * i + 1] = (float) Math.sin(Math.toRadians(deg[i]));
        }
        return UnitRows.of(v, deg.length, 2);
    }

    // columns: 0 = compound, 1 = plate. Positives: same compound; negatives: same plate, other compound.
    static final PairRule POS = new PairRule(new int[] {0}, new int[0]);
    static final PairRule NEG = new PairRule(new int[] {1}, new int[] {0});

    @Test
    void apOfAnInterleavedRankingWorkedByHand() throws Exception {
        // query 0 (compound A) at 0 deg; ranking by similarity: neg(10) pos(20) neg(30) pos(40)
        UnitRows rows = angles(0, 10, 20, 30, 40);
        int[][] cols = {{0, 1, 0, 2, 0}, {0, 0, 0, 0, 0}};
        AveragePrecision.Result r = AveragePrecision.compute(rows, cols, POS, NEG, Progress.NONE);
        // ranks of positives 2 and 4: AP = (1/2)(1/2 + 2/4) = 0.5
        assertEquals(0.5, r.ap()[0], 1e-12);
        assertEquals(2, r.positives()[0]);
        assertEquals(4, r.total()[0]);
        assertTrue(Double.isNaN(r.ap()[1]), "compound with one well has no positive pair");
    }

    @Test
    void allNegativesFirstGivesTheKnownAp() throws Exception {
        // 3 negatives closer than the 2 positives: AP = (1/2)(1/4 + 2/5)
        UnitRows rows = angles(0, 5, 10, 15, 50, 60);
        int[][] cols = {{0, 1, 2, 3, 0, 0}, {0, 0, 0, 0, 0, 0}};
        AveragePrecision.Result r = AveragePrecision.compute(rows, cols, POS, NEG, Progress.NONE);
        assertEquals(0.5 * (1.0 / 4 + 2.0 / 5), r.ap()[0], 1e-12);
    }

    @Test
    void identicalReplicatesGiveOneAndPositivesWinTies() throws Exception {
        // the negative (row 2) is identical to the replicates too: a tie that copairs breaks in favour of positives
        UnitRows rows = angles(30, 30, 30, 80);
        int[][] cols = {{0, 0, 1, 2}, {0, 0, 0, 0}};
        AveragePrecision.Result r = AveragePrecision.compute(rows, cols, POS, NEG, Progress.NONE);
        assertEquals(1.0, r.ap()[0], 0.0);
        assertEquals(1.0, r.ap()[1], 0.0);
    }

    @Test
    void diffByNeedsEveryListedColumnToDiffer() throws Exception {
        // negatives must differ in compound AND in column 2; row 2 differs only in compound -> not a negative
        UnitRows rows = angles(0, 50, 10, 20);
        int[][] cols = {{0, 0, 1, 2}, {0, 0, 0, 0}, {0, 0, 0, 1}};
        PairRule neg = new PairRule(new int[] {1}, new int[] {0, 2});
        AveragePrecision.Result r = AveragePrecision.compute(rows, cols, POS, neg, Progress.NONE);
        assertEquals(2, r.total()[0], "one positive (row 1) and one negative (row 3)");
        assertEquals(0.5, r.ap()[0], 1e-12, "the negative at 20 deg ranks above the positive at 50 deg");
    }

    @Test
    void missingPairsAreAnError() {
        UnitRows rows = angles(0, 10);
        int[][] cols = {{0, 1}, {0, 0}};
        assertThrows(IllegalArgumentException.class,
                () -> AveragePrecision.compute(rows, cols, POS, NEG, Progress.NONE));
    }

    @Test
    void nullDistributionHasTheExactMeanOfRandomRankings() {
        // one positive among two entries: AP is 1 or 1/2 with equal chance, mean 0.75
        float[] nd = MeanAveragePrecision.nullDistribution(1, 2, 20_000, new SplittableRandom(0));
        double mean = 0;
        for (float x : nd) {
            assertTrue(x == 1f || x == 0.5f);
            mean += x;
        }
        assertEquals(0.75, mean / nd.length, 0.01);
        // P = 2, N = 3: positive ranks {1,2} AP 1; {1,3} (1 + 2/3)/2; {2,3} (1/2 + 2/3)/2 -> mean 0.8056
        float[] nd2 = MeanAveragePrecision.nullDistribution(2, 3, 30_000, new SplittableRandom(1));
        double m2 = 0;
        for (float x : nd2) {
            m2 += x;
        }
        assertEquals((1 + 5.0 / 6 + 7.0 / 12) / 3, m2 / nd2.length, 0.01);
    }

    @Test
    void benjaminiHochbergWorkedByHand() {
        // sorted 0.01, 0.03, 0.04, 0.2 -> p*m/rank = 0.04, 0.06, 0.0533, 0.2 -> running minimum from the top
        double[] q = MeanAveragePrecision.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.2});
        assertArrayEquals(new double[] {0.04, 0.16 / 3, 0.16 / 3, 0.2}, q, 1e-12);
    }

    @Test
    void meanApPValueAndRetrieval() throws Exception {
        // compound A: perfect replicates (AP 1) -> p = (#null > 1 + 1)/(size + 1) = 1/(size + 1)
        UnitRows rows = angles(0, 1, 40, 45, 90, 95, 130, 135);
        int[][] cols = {{0, 0, 1, 1, 2, 2, 3, 3}, {0, 0, 0, 0, 0, 0, 0, 0}};
        AveragePrecision.Result r = AveragePrecision.compute(rows, cols, POS, NEG, Progress.NONE);
        List<MeanAveragePrecision.Group> g = MeanAveragePrecision.compute(r, cols[0], 1000, 0.05, 0);
        assertEquals(4, g.size());
        for (MeanAveragePrecision.Group x : g) {
            assertEquals(1.0, x.meanAp(), 0.0);
            assertEquals(1.0 / 1001, x.pValue(), 1e-15);
            assertTrue(x.retrieved());
        }
    }
}

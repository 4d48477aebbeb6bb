package org.cellpaintr.engine.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.cellpaintr.engine.knn.UnitRows;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;

/**
 * copairs v0.4.1 {@code average_precision}: per row, the average precision of ranking its positive partners above
 * its negative partners by cosine similarity.
 *
 * <p>Pairs are unordered and each pair enters the rank lists of both of its rows; a row's list is sorted by
 * 1 - similarity (float32, as copairs computes it) ascending with a stable sort in which the row's positive pairs
 * come before its negative ones, so a positive wins every tie with a negative (copairs' {@code np.lexsort} over
 * [positives..., negatives...]). AP = (1/P) sum over positive ranks k of TP@k / k. Rows in no positive pair get NaN
 * and P = 0. Rows are processed one at a time, so memory is that of the longest rank list.
 */
public final class AveragePrecision {

    /** Per row: AP (NaN when it has no positive pair), number of positive pairs, number of pairs in its list. */
    public record Result(double[] ap, int[] positives, int[] total) {
    }

    private AveragePrecision() {
    }

    /**
     * @param rows unit profiles, one per coded row
     * @param columns coded metadata, columns[c][row]
     * @throws IllegalArgumentException when no positive pair or no negative pair exists (copairs raises too)
     */
    public static Result compute(UnitRows rows, int[][] columns, PairRule positive, PairRule negative,
            Progress progress) throws CanceledException {
        int n = rows.size();
        int[][] posGroups = groupsBy(columns, positive.sameBy(), n);
        int[] posGroupOf = groupOf(posGroups, n);
        int[][] negGroups = groupsBy(columns, negative.sameBy(), n);
        int[] negGroupOf = groupOf(negGroups, n);
        double[] ap = new double[n];
        int[] pos = new int[n];
        int[] tot = new int[n];
        float[] key = new float[16];
        boolean[] rel = new boolean[16];
        Integer[] order = new Integer[16];
        long posPairs = 0;
        long negPairs = 0;
        for (int q = 0; q < n; q++) {
            if ((q & 4095) == 0) {
                progress.checkCanceled();
                progress.report((double) q / n, "average precision of row " + q + "/" + n);
            }
            int[] pg = posGroups[posGroupOf[q]];
            int[] ng = negGroups[negGroupOf[q]];
            int cap = pg.length + ng.length;
            if (key.length < cap) {
                key = new float[cap];
                rel = new boolean[cap];
                order = new Integer[cap];
            }
            int m = 0;
            for (int j : pg) {
                if (j != q && positive.pairs(columns, q, j)) {
                    key[m] = 1f - rows.cosine(q, j);
                    rel[m++] = true;
                }
            }
            int p = m;
            for (int j : ng) {
                if (j != q && negative.pairs(columns, q, j)) {
                    key[m] = 1f - rows.cosine(q, j);
                    rel[m++] = false;
                }
            }
            posPairs += p;
            negPairs += m - p;
            pos[q] = p;
            tot[q] = m;
            if (p == 0) {
                ap[q] = Double.NaN;
                continue;
            }
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            final float[] k = key;
            Arrays.sort(order, 0, m, (a, b) -> Float.compare(k[a], k[b])); // stable: positives first on ties
            double sum = 0;
            int tp = 0;
            for (int r = 0; r < m; r++) {
                if (rel[order[r]]) {
                    tp++;
                    sum += (double) tp / (r + 1);
                }
            }
            ap[q] = sum / p;
        }
        if (posPairs == 0) {
            throw new IllegalArgumentException("no positive pairs: no two rows satisfy the positive pair rule");
        }
        if (negPairs == 0) {
            throw new IllegalArgumentException("no negative pairs: no two rows satisfy the negative pair rule");
        }
        return new Result(ap, pos, tot);
    }

    /** Rows grouped by their values in the given columns. */
    static int[][] groupsBy(int[][] columns, int[] by, int n) {
        Map<String, Integer> ids = new HashMap<>();
        int[] gid = new int[n];
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < n; r++) {
            sb.setLength(0);
            for (int c : by) {
                sb.append(columns[c][r]).append(',');
            }
            Integer id = ids.get(sb.toString());
            if (id == null) {
                id = ids.size();
                ids.put(sb.toString(), id);
            }
            gid[r] = id;
        }
        return new LabelCodes(gid, ids.size(), java.util.List.of()).groups();
    }

    static int[] groupOf(int[][] groups, int n) {
        int[] of = new int[n];
        for (int g = 0; g < groups.length; g++) {
            for (int r : groups[g]) {
                of[r] = g;
            }
        }
        return of;
    }
}

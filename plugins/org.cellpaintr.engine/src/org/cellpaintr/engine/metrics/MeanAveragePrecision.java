package org.cellpaintr.engine.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * copairs v0.4.1 {@code mean_average_precision}: per group (compound) the mean AP of its rows, a p-value against
 * a null of random rankings, Benjamini-Hochberg corrected p-values, and whether the group is "retrieved".
 *
 * <ul>
 * <li>Rows with NaN AP or no positive pair are dropped.</li>
 * <li>For each distinct (positives P, list length N) a null of {@code nullSize} APs of random rank lists with P
 * positives among N entries; one generator per configuration, seeded from a master generator seeded with
 * {@code seed}, configurations in ascending (P, N) order as copairs' {@code np.unique}. (copairs draws with numpy's
 * PCG64; this uses java.util.SplittableRandom, so null samples are equally distributed but not the same numbers.)</li>
 * <li>Group null = element-wise mean of its rows' null vectors; p = (#(null &gt; mAP) + 1) / (nullSize + 1).</li>
 * <li>q = Benjamini-Hochberg (statsmodels fdr_bh); retrieved = q &lt; threshold.</li>
 * </ul>
 */
public final class MeanAveragePrecision {

    /** One group's result. */
    public record Group(int group, double meanAp, double pValue, double correctedPValue, boolean belowP,
            boolean retrieved, int rows) {
    }

    private MeanAveragePrecision() {
    }

    public static List<Group> compute(AveragePrecision.Result ap, int[] groupOfRow, int nullSize, double threshold,
            long seed) {
        int n = ap.ap().length;
        // configurations in ascending (positives, total) order, as numpy's unique over rows
        TreeMap<Long, Integer> configIndex = new TreeMap<>();
        for (int r = 0; r < n; r++) {
            if (!Double.isNaN(ap.ap()[r]) && ap.positives()[r] > 0) {
                configIndex.put(((long) ap.positives()[r] << 32) | ap.total()[r], 0);
            }
        }
        int c = 0;
        for (Long key : configIndex.keySet()) {
            configIndex.put(key, c++);
        }
        float[][] nulls = new float[configIndex.size()][];
        SplittableRandom master = new SplittableRandom(seed);
        long[] seeds = new long[nulls.length];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = master.nextLong();
        }
        int i = 0;
        for (Long key : configIndex.keySet()) {
            nulls[i] = nullDistribution((int) (key >> 32), (int) (key & 0xffffffffL), nullSize,
                    new SplittableRandom(seeds[i]));
            i++;
        }
        TreeMap<Integer, List<Integer>> members = new TreeMap<>();
        for (int r = 0; r < n; r++) {
            if (!Double.isNaN(ap.ap()[r]) && ap.positives()[r] > 0) {
                members.computeIfAbsent(groupOfRow[r], k -> new ArrayList<>()).add(r);
            }
        }
        int groups = members.size();
        int[] groupIds = new int[groups];
        double[] maps = new double[groups];
        double[] ps = new double[groups];
        int[] sizes = new int[groups];
        int g = 0;
        double[] mean = new double[nullSize];
        for (var e : members.entrySet()) {
            List<Integer> rows = e.getValue();
            double sum = 0;
            Arrays.fill(mean, 0);
            for (int r : rows) {
                sum += ap.ap()[r];
                float[] nd = nulls[configIndex.get(((long) ap.positives()[r] << 32) | ap.total()[r])];
                for (int t = 0; t < nullSize; t++) {
                    mean[t] += nd[t];
                }
            }
            double m = sum / rows.size();
            int above = 0;
            for (int t = 0; t < nullSize; t++) {
                if (mean[t] / rows.size() > m) {
                    above++;
                }
            }
            groupIds[g] = e.getKey();
            maps[g] = m;
            ps[g] = (above + 1.0) / (nullSize + 1.0);
            sizes[g] = rows.size();
            g++;
        }
        double[] qs = benjaminiHochberg(ps);
        List<Group> out = new ArrayList<>(groups);
        for (int k = 0; k < groups; k++) {
            out.add(new Group(groupIds[k], maps[k], ps[k], qs[k], ps[k] < threshold, qs[k] < threshold, sizes[k]));
        }
        return out;
    }

    /**
     * APs of {@code size} random rank lists with {@code positives} ones among {@code total} entries: the positive
     * ranks are a uniform random subset (Floyd's sampling), AP = (1/P) sum_i i / rank_i over sorted ranks.
     */
    public static float[] nullDistribution(int positives, int total, int size, SplittableRandom random) {
        float[] out = new float[size];
        int[] ranks = new int[positives];
        java.util.HashSet<Integer> chosen = new java.util.HashSet<>();
        boolean[] mark = total <= 1 << 20 ? new boolean[total + 1] : null;
        for (int s = 0; s < size; s++) {
            int m = 0;
            // Floyd: for j = N-P+1 .. N pick t in [1, j]; take t unless taken, then take j
            for (int j = total - positives + 1; j <= total; j++) {
                int t = 1 + random.nextInt(j);
                boolean taken = mark != null ? mark[t] : chosen.contains(t);
                int pick = taken ? j : t;
                if (mark != null) {
                    mark[pick] = true;
                } else {
                    chosen.add(pick);
                }
                ranks[m++] = pick;
            }
            Arrays.sort(ranks);
            double sum = 0;
            for (int r = 0; r < positives; r++) {
                sum += (r + 1.0) / ranks[r];
                if (mark != null) {
                    mark[ranks[r]] = false;
                }
            }
            chosen.clear();
            out[s] = (float) (sum / positives);
        }
        return out;
    }

    /** statsmodels' multipletests(method="fdr_bh") corrected p-values. */
    public static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double[] q = new double[m];
        double running = Double.POSITIVE_INFINITY;
        for (int r = m - 1; r >= 0; r--) {
            int i = order[r];
            running = Math.min(running, p[i] * m / (r + 1));
            q[i] = Math.min(1.0, running);
        }
        return q;
    }
}

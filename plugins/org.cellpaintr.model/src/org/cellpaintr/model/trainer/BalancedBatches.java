package org.cellpaintr.model.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.cellpaintr.model.trainer.TrainingRecipe.BalancedSampling;

/**
 * Class-balanced ("P × K") batches: each batch takes P classes with K rows each plus at most C rows without a class.
 * Why: with the authors' batching on a typical plate layout most rows are negative controls, so most SupCon anchors
 * are DMSO wells or have no positive at all; a balanced batch gives every treated anchor K − 1 positives.
 *
 * <p>Per group (a plate or source in stage 2, all rows in stage 3) an epoch has ceil(rows / batch size) batches.
 * Classes are visited in a shuffled cycle, rows of a class and the class-less rows in shuffled cycles, so every row is
 * used before any is reused. Only classes with at least 2 rows in the group take part; a group with fewer than 2
 * such classes gives no batch. Batches of all groups are shuffled together.
 */
final class BalancedBatches {

    private BalancedBatches() {
    }

    static int count(int[][] groups, int[] labelOf, BalancedSampling p) {
        int n = 0;
        for (int[] g : groups) {
            if (classes(g, labelOf).size() >= 2) {
                n += (g.length + p.batchSize() - 1) / p.batchSize();
            }
        }
        return n;
    }

    /**
     * @param strataOf stratum (source) of every row, or null; when given, a batch takes its controls from the strata
     *     present in the group in turn, starting at a random one, so that every stratum has controls in the batch
     *     when there are at least as many control slots as strata
     */
    static List<int[]> plan(int[][] groups, int[] labelOf, int[] strataOf, BalancedSampling p,
            SplittableRandom rng) {
        List<int[]> out = new ArrayList<>();
        for (int[] g : groups) {
            Map<Integer, int[]> classes = classes(g, labelOf);
            if (classes.size() < 2) {
                continue;
            }
            int batches = (g.length + p.batchSize() - 1) / p.batchSize();
            List<int[]> rows = new ArrayList<>(classes.values());
            Cycle classOrder = new Cycle(range(rows.size()), rng);
            Cycle[] members = new Cycle[rows.size()];
            for (int c = 0; c < rows.size(); c++) {
                members[c] = new Cycle(rows.get(c), rng);
            }
            int[] controls = Arrays.stream(g).filter(r -> labelOf[r] < 0).toArray();
            Cycle controlCycle = controls.length == 0 || strataOf != null ? null : new Cycle(controls, rng);
            Cycle[] strata = strataOf == null ? null : strata(controls, strataOf, rng);
            int labels = Math.min(p.labels(), rows.size());
            for (int b = 0; b < batches; b++) {
                List<Integer> batch = new ArrayList<>();
                boolean[] taken = new boolean[rows.size()];
                for (int k = 0; k < labels; k++) {
                    int c = classOrder.next();
                    while (taken[c]) {
                        c = classOrder.next();
                    }
                    taken[c] = true;
                    int[] all = rows.get(c);
                    if (all.length <= p.replicates()) {
                        for (int r : all) {
                            batch.add(r);
                        }
                    } else {
                        // distinct rows: a draw that crosses into the next pass may repeat one already taken
                        List<Integer> chosen = new ArrayList<>();
                        while (chosen.size() < p.replicates()) {
                            int r = members[c].next();
                            if (!chosen.contains(r)) {
                                chosen.add(r);
                            }
                        }
                        batch.addAll(chosen);
                    }
                }
                for (int k = 0; controlCycle != null && k < Math.min(p.maxControls(), controls.length); k++) {
                    batch.add(controlCycle.next());
                }
                if (strata != null && strata.length > 0) {
                    int start = rng.nextInt(strata.length);
                    List<Integer> chosen = new ArrayList<>();
                    for (int k = 0; k < Math.min(p.maxControls(), controls.length); k++) {
                        Cycle c = strata[(start + k) % strata.length];
                        // a small stratum can come round again within a batch: skip a row taken already
                        int r = c.next();
                        for (int tries = 0; chosen.contains(r) && tries < c.values.length; tries++) {
                            r = c.next();
                        }
                        if (!chosen.contains(r)) {
                            chosen.add(r);
                        }
                    }
                    batch.addAll(chosen);
                }
                out.add(batch.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        // interleave the groups' batches
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int[] t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    /** One cycle over the controls of each stratum that has any, strata in ascending order. */
    private static Cycle[] strata(int[] controls, int[] strataOf, SplittableRandom rng) {
        java.util.TreeMap<Integer, List<Integer>> by = new java.util.TreeMap<>();
        for (int r : controls) {
            by.computeIfAbsent(strataOf[r], k -> new ArrayList<>()).add(r);
        }
        Cycle[] out = new Cycle[by.size()];
        int i = 0;
        for (List<Integer> rows : by.values()) {
            out[i++] = new Cycle(rows.stream().mapToInt(Integer::intValue).toArray(), rng);
        }
        return out;
    }

    /** Rows of every class with at least 2 rows in the group, classes in order of first appearance. */
    private static Map<Integer, int[]> classes(int[] group, int[] labelOf) {
        Map<Integer, List<Integer>> m = new LinkedHashMap<>();
        for (int r : group) {
            if (labelOf[r] >= 0) {
                m.computeIfAbsent(labelOf[r], k -> new ArrayList<>()).add(r);
            }
        }
        Map<Integer, int[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v.size() >= 2) {
                out.put(k, v.stream().mapToInt(Integer::intValue).toArray());
            }
        });
        return out;
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Endless draws from a set: a shuffled pass, then a fresh shuffle; consecutive draws differ (two values or more). */
    private static final class Cycle {
        private final int[] values;
        private final SplittableRandom rng;
        private int next;

        Cycle(int[] values, SplittableRandom rng) {
            this.values = values.clone();
            this.rng = rng;
            EpochPlan.shuffle(this.values, rng);
        }

        int next() {
            if (next == values.length) {
                int last = values[values.length - 1];
                EpochPlan.shuffle(values, rng);
                if (values.length > 1 && values[0] == last) {
                    values[0] = values[values.length - 1];
                    values[values.length - 1] = last;
                }
                next = 0;
            }
            return values[next++];
        }
    }
}

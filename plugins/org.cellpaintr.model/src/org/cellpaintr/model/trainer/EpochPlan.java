package org.cellpaintr.model.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cuts one epoch's rows into batches following {@link Batching}, or the recipe's class-balanced sampling in stages
 * 2-3, deterministically from the stage seed.
 */
final class EpochPlan {

    private EpochPlan() {
    }

    /**
     * @param groupOf group index of every row
     * @param groups number of groups
     * @return row indices of every batch, in training order
     */
    static List<int[]> batches(int[] groupOf, int groups, TrainerSettings s, int epoch) {
        return batches(groupOf, groups, null, s, epoch);
    }

    /**
     * @param labelOf SupCon class of every row (-1: none), used by class-balanced sampling; null: none
     */
    static List<int[]> batches(int[] groupOf, int groups, int[] labelOf, TrainerSettings s, int epoch) {
        return batches(groupOf, groups, labelOf, null, s, epoch);
    }

    /**
     * @param sourceOf source index of every row, or null; with class-balanced sampling and the alignment term on,
     *     the controls of a batch are drawn from the sources in turn (the term needs controls of two sources)
     */
    static List<int[]> batches(int[] groupOf, int groups, int[] labelOf, int[] sourceOf, TrainerSettings s,
            int epoch) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(s.seed(), "plan", s.stage().number(), epoch));
        if (balanced(s, labelOf)) {
            int[] strata = s.recipe().loss().alignmentWeight() > 0 ? sourceOf : null;
            return BalancedBatches.plan(balancedGroups(groupOf, groups, s), labelOf, strata, s.recipe().sampling(),
                    rng);
        }
        List<int[]> out = new ArrayList<>();
        if (s.batching() == Batching.GLOBAL_SHUFFLE) {
            int[] all = new int[groupOf.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            shuffle(all, rng);
            cut(all, s, out);
            return out;
        }
        int[][] members = members(groupOf, groups);
        int[] order = new int[groups];
        for (int g = 0; g < groups; g++) {
            order[g] = g;
        }
        shuffle(order, rng);
        for (int g : order) {
            int[] rows = members[g].clone();
            shuffle(rows, rng);
            cut(rows, s, out);
        }
        return out;
    }

    /** Number of batches of an epoch (the same in every epoch). */
    static int count(int[] groupOf, int groups, TrainerSettings s) {
        return count(groupOf, groups, null, s);
    }

    static int count(int[] groupOf, int groups, int[] labelOf, TrainerSettings s) {
        if (balanced(s, labelOf)) {
            return BalancedBatches.count(balancedGroups(groupOf, groups, s), labelOf, s.recipe().sampling());
        }
        int b = s.batchSize();
        if (s.batching() == Batching.GLOBAL_SHUFFLE) {
            return s.dropLast() ? groupOf.length / b : (groupOf.length + b - 1) / b;
        }
        int n = 0;
        for (int[] m : members(groupOf, groups)) {
            n += s.dropLast() ? m.length / b : (m.length + b - 1) / b;
        }
        return n;
    }

    private static boolean balanced(TrainerSettings s, int[] labelOf) {
        return labelOf != null && s.stage().contrastive() && s.recipe().sampling() != null;
    }

    /**
     * Stage 2 keeps its groups (positives within a plate or source, as intra-source correction means); stage 3 and
     * global shuffling draw from all rows at once.
     */
    private static int[][] balancedGroups(int[] groupOf, int groups, TrainerSettings s) {
        if (s.stage() == Stage.INTER_SOURCE || s.batching() == Batching.GLOBAL_SHUFFLE) {
            int[] all = new int[groupOf.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return new int[][] {all};
        }
        return members(groupOf, groups);
    }

    private static int[][] members(int[] groupOf, int groups) {
        int[] counts = new int[groups];
        for (int g : groupOf) {
            counts[g]++;
        }
        int[][] members = new int[groups][];
        for (int g = 0; g < groups; g++) {
            members[g] = new int[counts[g]];
        }
        int[] fill = new int[groups];
        for (int i = 0; i < groupOf.length; i++) {
            members[groupOf[i]][fill[groupOf[i]]++] = i;
        }
        return members;
    }

    private static void cut(int[] rows, TrainerSettings s, List<int[]> out) {
        int b = s.batchSize();
        for (int start = 0; start < rows.length; start += b) {
            int end = Math.min(rows.length, start + b);
            if (end - start < b && s.dropLast()) {
                break;
            }
            out.add(Arrays.copyOfRange(rows, start, end));
        }
    }

    /** Fisher-Yates. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

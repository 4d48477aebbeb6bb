package org.cellpaintr.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * A seeded split of wells that keeps round(share × n) of every label's n wells out of training (negative controls
 * count as one label), so that the held-out wells are new replicates of compounds the model was trained on.
 *
 * @param train row indices used for training, ascending
 * @param held row indices held out, ascending
 * @param labels labels with at least one held-out well
 */
record HeldOutSplit(int[] train, int[] held, int labels) {

    static HeldOutSplit of(ProfileTable t, String labelColumn, String controlColumn, String negative, double share,
            long seed) {
        MetadataColumn label = t.column(labelColumn).orElseThrow();
        MetadataColumn control = t.column(controlColumn).orElseThrow();
        Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            String key = negative.equals(control.text(r)) ? "\u0000controls" : label.text(r);
            byLabel.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        boolean[] out = new boolean[t.rowCount()];
        SplittableRandom rng = new SplittableRandom(seed);
        int labels = 0;
        for (List<Integer> rows : byLabel.values()) {
            int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
            for (int i = a.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int x = a[i];
                a[i] = a[j];
                a[j] = x;
            }
            int k = (int) Math.round(share * a.length);
            for (int i = 0; i < k; i++) {
                out[a[i]] = true;
            }
            labels += k > 0 ? 1 : 0;
        }
        int[] held = java.util.stream.IntStream.range(0, out.length).filter(r -> out[r]).toArray();
        int[] train = java.util.stream.IntStream.range(0, out.length).filter(r -> !out[r]).toArray();
        return new HeldOutSplit(train, held, labels);
    }

    String describe() {
        return train.length + " training wells, " + held.length + " held out (" + labels + " labels with a held-out "
                + "well; a quarter of each compound's wells and of the DMSO wells, seeded)";
    }

    @Override
    public String toString() {
        return describe() + " " + Arrays.hashCode(held);
    }
}

package org.cellpaintr.engine.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds rows that repeat an earlier row exactly (every metadata value and every feature bit), as in files that were
 * concatenated twice. Rows are compared, not hashed only, so a hash collision never drops a distinct well.
 */
public final class DuplicateRows {

    private DuplicateRows() {
    }

    /** Indices of the first occurrence of every distinct row, in table order. */
    public static int[] firstOccurrences(ProfileTable table) {
        FeatureMatrix m = table.matrix();
        Map<Integer, List<Integer>> byHash = new HashMap<>();
        List<Integer> keep = new ArrayList<>();
        float[] a = new float[m.columns()];
        float[] b = new float[m.columns()];
        for (int r = 0; r < table.rowCount(); r++) {
            m.readRow(r, a, 0);
            int h = Arrays.hashCode(a);
            for (MetadataColumn c : table.metadata()) {
                h = 31 * h + c.text(r).hashCode();
            }
            List<Integer> candidates = byHash.computeIfAbsent(h, k -> new ArrayList<>());
            boolean seen = false;
            for (int earlier : candidates) {
                m.readRow(earlier, b, 0);
                if (Arrays.equals(a, b) && sameMetadata(table, r, earlier)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                candidates.add(r);
                keep.add(r);
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean sameMetadata(ProfileTable t, int r, int s) {
        for (MetadataColumn c : t.metadata()) {
            if (!c.text(r).equals(c.text(s))) {
                return false;
            }
        }
        return true;
    }
}

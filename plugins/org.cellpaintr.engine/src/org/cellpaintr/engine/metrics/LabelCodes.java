package org.cellpaintr.engine.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.table.MetadataColumn;

/**
 * Integer codes 0..count-1 for the distinct values of a metadata column on selected rows (in order of first
 * appearance), so metrics work on int arrays.
 */
public record LabelCodes(int[] codes, int count, List<String> values) {

    /**
     * LabelCodes of {@code column} on {@code rows}.
     *
     * @throws IllegalArgumentException naming the column and table row when a value is missing
     */
    public static LabelCodes of(MetadataColumn column, int[] rows) {
        Map<String, Integer> index = new HashMap<>();
        java.util.ArrayList<String> values = new java.util.ArrayList<>();
        int[] c = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (column.isMissing(rows[i])) {
                throw new IllegalArgumentException("column '" + column.name() + "' has no value in row " + rows[i]);
            }
            String v = column.text(rows[i]);
            Integer code = index.get(v);
            if (code == null) {
                code = values.size();
                index.put(v, code);
                values.add(v);
            }
            c[i] = code;
        }
        return new LabelCodes(c, values.size(), List.copyOf(values));
    }

    /** LabelCodes from an int array whose values are already labels (any ints); recoded 0..count-1. */
    public static LabelCodes ofInts(int[] labels) {
        Map<Integer, Integer> index = new HashMap<>();
        java.util.ArrayList<String> values = new java.util.ArrayList<>();
        int[] c = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            Integer code = index.get(labels[i]);
            if (code == null) {
                code = values.size();
                index.put(labels[i], code);
                values.add(Integer.toString(labels[i]));
            }
            c[i] = code;
        }
        return new LabelCodes(c, values.size(), List.copyOf(values));
    }

    public int size() {
        return codes.length;
    }

    /** Members of each code, in row order. */
    public int[][] groups() {
        int[] counts = new int[count];
        for (int c : codes) {
            counts[c]++;
        }
        int[][] g = new int[count][];
        for (int i = 0; i < count; i++) {
            g[i] = new int[counts[i]];
        }
        int[] fill = new int[count];
        for (int r = 0; r < codes.length; r++) {
            g[codes[r]][fill[codes[r]]++] = r;
        }
        return g;
    }
}

package org.cellpaintr.engine.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dictionary-encoded text column: one int code per row and each distinct value stored once. Plate, well and
 * compound columns repeat a few thousand values over millions of wells, so this keeps metadata small.
 */
public final class TextColumn implements MetadataColumn {

    /** Code of a missing value. */
    public static final int MISSING = -1;

    private final String name;
    private final int[] codes;
    private final List<String> dictionary;

    public TextColumn(String name, int[] codes, List<String> dictionary) {
        this.name = name;
        this.codes = codes;
        this.dictionary = List.copyOf(dictionary);
    }

    public static TextColumn of(String name, String... values) {
        Builder b = new Builder(name);
        for (String v : values) {
            b.add(v);
        }
        return b.build();
    }

    public static TextColumn of(String name, List<String> values) {
        return of(name, values.toArray(String[]::new));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return codes.length;
    }

    /** The value, or {@code null} when missing. */
    public String get(int row) {
        int c = codes[row];
        return c == MISSING ? null : dictionary.get(c);
    }

    /** The dictionary code of a row ({@link #MISSING} when missing); equal codes mean equal values. */
    public int code(int row) {
        return codes[row];
    }

    /** Distinct values in order of first appearance. */
    public List<String> dictionary() {
        return dictionary;
    }

    @Override
    public boolean isMissing(int row) {
        return codes[row] == MISSING;
    }

    @Override
    public String text(int row) {
        String v = get(row);
        return v == null ? "" : v;
    }

    @Override
    public TextColumn select(int[] rows) {
        Builder b = new Builder(name);
        for (int r : rows) {
            b.add(get(r));
        }
        return b.build();
    }

    @Override
    public TextColumn renamed(String newName) {
        return new TextColumn(newName, codes, dictionary);
    }

    @Override
    public String toString() {
        return "TextColumn[" + name + ", " + codes.length + " rows, " + dictionary.size() + " distinct]";
    }

    /** Collects values row by row. Empty strings and {@code null} are missing. */
    public static final class Builder {
        private final String name;
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> dictionary = new ArrayList<>();
        private int[] codes = new int[1024];
        private int size;

        public Builder(String name) {
            this.name = name;
        }

        public void add(String value) {
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, codes.length * 2);
            }
            if (value == null || value.isEmpty()) {
                codes[size++] = MISSING;
                return;
            }
            Integer code = index.get(value);
            if (code == null) {
                code = dictionary.size();
                index.put(value, code);
                dictionary.add(value);
            }
            codes[size++] = code;
        }

        public int size() {
            return size;
        }

        public List<String> dictionary() {
            return dictionary;
        }

        /**
         * A number column if every present value parses as a number (CSV gives no types); otherwise text.
         */
        public MetadataColumn buildInferred() {
            double[] parsedDictionary = new double[dictionary.size()];
            for (int i = 0; i < parsedDictionary.length; i++) {
                Double d = NumberText.parseOrNull(dictionary.get(i));
                if (d == null) {
                    return build();
                }
                parsedDictionary[i] = d;
            }
            if (dictionary.isEmpty()) {
                return build();
            }
            double[] values = new double[size];
            for (int r = 0; r < size; r++) {
                values[r] = codes[r] == MISSING ? Double.NaN : parsedDictionary[codes[r]];
            }
            return new NumberColumn(name, values);
        }

        public TextColumn build() {
            return new TextColumn(name, Arrays.copyOf(codes, size), dictionary);
        }
    }
}

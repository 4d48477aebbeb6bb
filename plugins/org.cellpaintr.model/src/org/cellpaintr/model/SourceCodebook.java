package org.cellpaintr.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of the rows of the {@code [SRC]} source-context table, in row order.
 *
 * <p>The codebook only grows: a later stage, or a proxy for an unseen dataset, appends a row and every existing row
 * keeps its index. Growing goes through {@link CellPainTRModel#addSources}, which also appends the learned vector,
 * so that names and table rows can never disagree.
 */
public final class SourceCodebook {

    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> rows = new HashMap<>();

    /** A codebook with the given names as rows 0..n-1. */
    public SourceCodebook(List<String> initial) {
        if (initial == null || initial.isEmpty()) {
            throw new IllegalArgumentException("A source codebook needs at least one source");
        }
        for (String n : initial) {
            append(n);
        }
    }

    /** Number of rows. */
    public int size() {
        return names.size();
    }

    /** Row names in order (unmodifiable snapshot). */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(names));
    }

    /** True when {@code name} has a row. */
    public boolean contains(String name) {
        return rows.containsKey(name);
    }

    /**
     * Row of {@code name}.
     *
     * @throws IllegalArgumentException naming the known sources when there is no such row
     */
    public int rowOf(String name) {
        Integer r = rows.get(name);
        if (r == null) {
            throw new IllegalArgumentException("Unknown source '" + name + "'; the model knows " + names
                    + " (add it to the codebook by training, or map it to one of these as a proxy)");
        }
        return r;
    }

    /** Rows of many names at once (for a batch). */
    public int[] rowsOf(String[] sources) {
        int[] r = new int[sources.length];
        for (int i = 0; i < sources.length; i++) {
            r[i] = rowOf(sources[i]);
        }
        return r;
    }

    /** Appends a row; package-private because the table vector must be appended at the same time. */
    int append(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A source name must not be blank");
        }
        if (rows.containsKey(name)) {
            throw new IllegalArgumentException("Source '" + name + "' already has row " + rows.get(name));
        }
        rows.put(name, names.size());
        names.add(name);
        return names.size() - 1;
    }

    @Override
    public String toString() {
        return "SourceCodebook" + names;
    }
}

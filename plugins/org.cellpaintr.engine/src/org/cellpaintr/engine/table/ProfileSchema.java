package org.cellpaintr.engine.table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The columns of a profile table without its rows: metadata columns (name and kind) and feature names in order.
 * Operations map an input schema to an output schema in their configure step, before any data is read.
 */
public record ProfileSchema(Map<String, ColumnKind> metadata, List<String> features) {

    public ProfileSchema {
        metadata = new LinkedHashMap<>(metadata);
        features = List.copyOf(features);
        Set<String> seen = new HashSet<>(metadata.keySet());
        for (String f : features) {
            if (!seen.add(f)) {
                throw new IllegalArgumentException("column '" + f + "' appears twice");
            }
        }
        metadata.values().forEach(k -> {
            if (k == ColumnKind.FEATURE) {
                throw new IllegalArgumentException("metadata columns are TEXT or NUMBER");
            }
        });
        metadata = java.util.Collections.unmodifiableMap(metadata);
    }

    public Optional<ColumnKind> kindOf(String column) {
        if (metadata.containsKey(column)) {
            return Optional.of(metadata.get(column));
        }
        return features.contains(column) ? Optional.of(ColumnKind.FEATURE) : Optional.empty();
    }

    /**
     * Checks that a metadata column named by a setting exists.
     *
     * @throws SettingsException naming the setting, the column and the available metadata columns
     */
    public ColumnKind requireMetadata(String setting, String column) throws SettingsException {
        if (column == null || column.isBlank()) {
            throw new SettingsException(setting, "no column chosen");
        }
        ColumnKind kind = metadata.get(column);
        if (kind == null) {
            String hint = features.contains(column) ? " ('" + column + "' is a feature column)" : "";
            throw new SettingsException(setting, "column '" + column + "' not found" + hint
                    + "; metadata columns are " + abbreviate(new ArrayList<>(metadata.keySet())));
        }
        return kind;
    }

    static String abbreviate(List<String> names) {
        if (names.size() <= 12) {
            return names.toString();
        }
        return names.subList(0, 12) + " and " + (names.size() - 12) + " more";
    }
}

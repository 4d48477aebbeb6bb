package org.cellpaintr.engine.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table of well-level profiles: metadata columns plus a float32 feature matrix held off the heap.
 *
 * <p>Row i of every metadata column and of the matrix is the same well; operations keep row order and identity
 * unless they say otherwise. The table owns its matrix: closing the table frees it.
 */
public final class ProfileTable implements AutoCloseable {

    private final List<MetadataColumn> metadata;
    private final Map<String, MetadataColumn> byName = new LinkedHashMap<>();
    private final List<String> features;
    private final FeatureMatrix matrix;

    public ProfileTable(List<MetadataColumn> metadata, List<String> features, FeatureMatrix matrix) {
        this.metadata = List.copyOf(metadata);
        this.features = List.copyOf(features);
        this.matrix = matrix;
        if (matrix.columns() != features.size()) {
            throw new IllegalArgumentException(features.size() + " feature names for " + matrix.columns() + " columns");
        }
        for (MetadataColumn c : metadata) {
            if (c.size() != matrix.rows()) {
                throw new IllegalArgumentException("column '" + c.name() + "' has " + c.size() + " rows, matrix "
                        + matrix.rows());
            }
            if (byName.put(c.name(), c) != null) {
                throw new IllegalArgumentException("column '" + c.name() + "' appears twice");
            }
        }
        for (String f : features) {
            if (byName.containsKey(f)) {
                throw new IllegalArgumentException("column '" + f + "' is both metadata and feature");
            }
        }
        if (new java.util.HashSet<>(features).size() != features.size()) {
            throw new IllegalArgumentException("duplicate feature names");
        }
    }

    /** A table of metadata only (reports, metric tables). */
    public static ProfileTable ofMetadata(List<MetadataColumn> columns) {
        int rows = columns.isEmpty() ? 0 : columns.get(0).size();
        return new ProfileTable(columns, List.of(), FeatureMatrix.zeros(rows, 0));
    }

    public int rowCount() {
        return matrix.rows();
    }

    public List<MetadataColumn> metadata() {
        return metadata;
    }

    public List<String> features() {
        return features;
    }

    public FeatureMatrix matrix() {
        return matrix;
    }

    public Optional<MetadataColumn> column(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public ProfileSchema schema() {
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        for (MetadataColumn c : metadata) {
            kinds.put(c.name(), c instanceof NumberColumn ? ColumnKind.NUMBER : ColumnKind.TEXT);
        }
        return new ProfileSchema(kinds, features);
    }

    /**
     * The metadata column a setting names, as text values.
     *
     * @throws SettingsException naming the setting when the column is missing
     */
    public MetadataColumn requireColumn(String setting, String name) throws SettingsException {
        schema().requireMetadata(setting, name);
        return byName.get(name);
    }

    /** A new table with the given rows (matrix copied); this table stays open. */
    public ProfileTable selectRows(int[] rows) {
        List<MetadataColumn> cols = new ArrayList<>();
        for (MetadataColumn c : metadata) {
            cols.add(c.select(rows));
        }
        return new ProfileTable(cols, features, matrix.selectRows(rows));
    }

    /** The same metadata with another matrix (for operations that transform features); takes ownership of it. */
    public ProfileTable withFeatures(List<String> newFeatures, FeatureMatrix newMatrix) {
        return new ProfileTable(metadata, newFeatures, newMatrix);
    }

    /** Index of a feature, or -1. */
    public int featureIndex(String name) {
        return features.indexOf(name);
    }

    @Override
    public void close() {
        matrix.close();
    }

    @Override
    public String toString() {
        return "ProfileTable[" + rowCount() + " rows, " + metadata.size() + " metadata, " + features.size()
                + " features]";
    }
}

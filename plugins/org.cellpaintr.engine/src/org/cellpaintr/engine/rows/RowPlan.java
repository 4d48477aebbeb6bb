package org.cellpaintr.engine.rows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.SettingsException;

/**
 * Which row-table column becomes what in a profile table: numeric columns the feature rule selects are features,
 * every other column is metadata (numbers stay numbers, the rest is text). Computed from the column list alone, so a
 * KNIME node's configure step gets the profile schema without reading data.
 */
public final class RowPlan {

    private final List<RowColumn> columns;
    private final int[] featureSlot;
    private final int[] metadataSlot;
    private final ProfileSchema schema;
    private final MissingPolicy missing;

    private RowPlan(List<RowColumn> columns, int[] featureSlot, int[] metadataSlot, ProfileSchema schema,
            MissingPolicy missing) {
        this.columns = columns;
        this.featureSlot = featureSlot;
        this.metadataSlot = metadataSlot;
        this.schema = schema;
        this.missing = missing;
    }

    /**
     * @throws SettingsException when a column the rule names explicitly is not numeric, or no column is a feature
     */
    public static RowPlan of(List<RowColumn> columns, FeatureColumnRule rule, MissingPolicy missing)
            throws SettingsException {
        Predicate<String> isFeature = rule.compile();
        int n = columns.size();
        int[] featureSlot = new int[n];
        int[] metadataSlot = new int[n];
        Map<String, ColumnKind> metadata = new LinkedHashMap<>();
        List<String> features = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RowColumn c = columns.get(i);
            boolean feature = isFeature.test(c.name());
            if (feature && c.type() != RowColumn.Type.NUMBER) {
                if (rule.include().contains(c.name())) {
                    throw new SettingsException("feature-include", "column '" + c.name() + "' is not numeric");
                }
                feature = false; // a text column with a measurement-like name stays metadata
            }
            if (feature) {
                featureSlot[i] = features.size();
                metadataSlot[i] = -1;
                features.add(c.name());
            } else {
                featureSlot[i] = -1;
                metadataSlot[i] = metadata.size();
                metadata.put(c.name(), c.type() == RowColumn.Type.NUMBER ? ColumnKind.NUMBER : ColumnKind.TEXT);
            }
        }
        for (String inc : rule.include()) {
            if (columns.stream().noneMatch(c -> c.name().equals(inc))) {
                throw new SettingsException("feature-include", "column '" + inc + "' is not in the table");
            }
        }
        return new RowPlan(List.copyOf(columns), featureSlot, metadataSlot, new ProfileSchema(metadata, features),
                missing);
    }

    public List<RowColumn> columns() {
        return columns;
    }

    /** The profile schema the rows will make. */
    public ProfileSchema schema() {
        return schema;
    }

    public MissingPolicy missing() {
        return missing;
    }

    /** Index among the features of row-table column {@code i}, or -1 when it is metadata. */
    int featureSlot(int i) {
        return featureSlot[i];
    }

    /** Index among the metadata columns of row-table column {@code i}, or -1 when it is a feature. */
    int metadataSlot(int i) {
        return metadataSlot[i];
    }
}

package org.cellpaintr.model.trainstage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.trainer.TrainingRows;

/**
 * A profile table (or a subset of its rows) seen as training rows: features straight from the off-heap matrix,
 * source, batching group and SupCon class per row resolved once up front.
 */
final class TableTrainingRows implements TrainingRows {

    private final FeatureMatrix matrix;
    private final List<String> features;
    private final int[] rows;
    private final String[] source;
    private final String[] group;
    private final int[] label;

    private TableTrainingRows(ProfileTable table, int[] rows, String[] source, String[] group, int[] label) {
        this.matrix = table.matrix();
        this.features = table.features();
        this.rows = rows;
        this.source = source;
        this.group = group;
        this.label = label;
    }

    /**
     * @param rows        the table rows to use, in order
     * @param sources     source name of every table row
     * @param groups      batching group of every table row
     * @param labelCodes  SupCon class of every table row (-1: none)
     */
    static TableTrainingRows of(ProfileTable table, int[] rows, String[] sources, String[] groups, int[] labelCodes) {
        String[] s = new String[rows.length];
        String[] g = new String[rows.length];
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            s[i] = sources[rows[i]];
            g[i] = groups[rows[i]];
            l[i] = labelCodes[rows[i]];
        }
        return new TableTrainingRows(table, rows, s, g, l);
    }

    /**
     * Class ids from a label column: equal text, equal id; missing labels and (when asked) negative controls get -1,
     * which the trainer treats as "no positive".
     */
    static int[] labelCodes(ProfileTable table, MetadataColumn labels, MetadataColumn controls, Set<String> controlValues) {
        int[] out = new int[table.rowCount()];
        Map<String, Integer> ids = new HashMap<>();
        for (int r = 0; r < out.length; r++) {
            if (labels.isMissing(r) || (controls != null && controlValues.contains(controls.text(r)))) {
                out[r] = -1;
            } else {
                out[r] = ids.computeIfAbsent(labels.text(r), k -> ids.size());
            }
        }
        return out;
    }

    static Set<String> set(List<String> values) {
        return new HashSet<>(values);
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public List<String> featureNames() {
        return features;
    }

    @Override
    public void features(int row, float[] dst) {
        matrix.readRow(rows[row], dst, 0);
    }

    @Override
    public String source(int row) {
        return source[row];
    }

    @Override
    public String group(int row) {
        return group[row];
    }

    @Override
    public int label(int row) {
        return label[row];
    }
}

package org.cellpaintr.engine.rows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Turns rows of a row table (a KNIME table, read row by row) into a profile table without a whole-table copy on the
 * Java heap: feature values go straight into the off-heap matrix, in chunks of at most {@code chunkBytes}; metadata is
 * collected as the file readers do (text dictionary-encoded, numbers as doubles). Missing feature cells follow the
 * plan's {@link MissingPolicy}; missing metadata is missing text or NaN. Closing an unfinished builder frees the
 * matrix, so a cancelled or failed conversion leaks nothing.
 *
 * <p>Use: for every row, set each column ({@link #number}, {@link #text} or {@link #missing}), then {@link #endRow}.
 */
public final class RowTableBuilder implements AutoCloseable {

    private final RowPlan plan;
    private final FeatureMatrix.Builder matrix;
    private final float[] row;
    private final TextColumn.Builder[] text;
    private final double[][] numbers;
    private final String[] metadataNames;
    private final List<String> rowKeys = new ArrayList<>();
    private int rows;
    private boolean built;

    public RowTableBuilder(RowPlan plan) {
        this(plan, FeatureMatrix.CHUNK_BYTES);
    }

    public RowTableBuilder(RowPlan plan, long chunkBytes) {
        this.plan = plan;
        int features = plan.schema().features().size();
        this.matrix = FeatureMatrix.builder(features, chunkBytes);
        this.row = new float[features];
        Map<String, ColumnKind> meta = plan.schema().metadata();
        this.text = new TextColumn.Builder[meta.size()];
        this.numbers = new double[meta.size()][];
        this.metadataNames = meta.keySet().toArray(String[]::new);
        int i = 0;
        for (Map.Entry<String, ColumnKind> e : meta.entrySet()) {
            if (e.getValue() == ColumnKind.NUMBER) {
                numbers[i] = new double[1024];
            } else {
                text[i] = new TextColumn.Builder(e.getKey());
            }
            i++;
        }
    }

    /** Sets row-table column {@code column} of the current row to a number. */
    public void number(int column, double value) {
        int f = plan.featureSlot(column);
        if (f >= 0) {
            row[f] = (float) value;
        } else {
            int m = plan.metadataSlot(column);
            if (numbers[m] != null) {
                putNumber(m, value);
            } else {
                text[m].add(numberText(value));
            }
        }
    }

    /** Sets a text column of the current row ({@code null}: missing). */
    public void text(int column, String value) {
        int m = plan.metadataSlot(column);
        if (m < 0) {
            throw new IllegalArgumentException("column " + plan.columns().get(column).name() + " is a feature");
        }
        if (numbers[m] != null) {
            putNumber(m, value == null ? Double.NaN : Double.parseDouble(value));
        } else {
            text[m].add(value);
        }
    }

    /** Marks a cell of the current row missing. */
    public void missing(int column, String rowKey) throws SettingsException {
        int f = plan.featureSlot(column);
        if (f < 0) {
            text(column, null);
            return;
        }
        switch (plan.missing()) {
            case NAN:
                row[f] = Float.NaN;
                break;
            case ZERO:
                row[f] = 0f;
                break;
            default:
                throw new SettingsException(MissingPolicy.KEY, "row '" + rowKey + "' has no value in feature column '"
                        + plan.columns().get(column).name() + "' (choose nan or zero to accept missing values)");
        }
    }

    /** Ends the current row; {@code rowKey} is kept so outputs with the same rows can reuse it. */
    public void endRow(String rowKey) {
        matrix.appendRow(row);
        Arrays.fill(row, 0f);
        rowKeys.add(rowKey);
        rows++;
    }

    public int rows() {
        return rows;
    }

    /** The row keys, in row order (valid after {@link #build}). */
    public List<String> rowKeys() {
        return List.copyOf(rowKeys);
    }

    public ProfileTable build() {
        List<MetadataColumn> cols = new ArrayList<>();
        for (int i = 0; i < metadataNames.length; i++) {
            cols.add(numbers[i] != null ? new NumberColumn(metadataNames[i], Arrays.copyOf(numbers[i], rows))
                    : text[i].build());
        }
        built = true;
        return new ProfileTable(cols, plan.schema().features(), matrix.build());
    }

    private void putNumber(int m, double value) {
        if (rows >= numbers[m].length) {
            numbers[m] = Arrays.copyOf(numbers[m], numbers[m].length * 2);
        }
        numbers[m][rows] = value;
    }

    private static String numberText(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public void close() {
        if (!built) {
            matrix.close();
        }
    }
}

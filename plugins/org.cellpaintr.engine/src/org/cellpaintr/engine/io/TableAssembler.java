package org.cellpaintr.engine.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Collects a table row by row for the readers: metadata on the heap (text dictionary-encoded, numbers as
 * doubles), features straight into the off-heap matrix. Closing an unfinished assembler frees what it holds, so a
 * reader that fails half way leaks nothing.
 */
final class TableAssembler implements AutoCloseable {

    private final List<String> metadataNames;
    private final List<String> featureNames;
    private final ColumnKind[] kinds;
    private final TextColumn.Builder[] text;
    private final double[][] numbers;
    private int numberRows;
    private final FeatureMatrix.Builder matrix;
    private boolean built;

    /**
     * @param kinds per metadata column: TEXT, NUMBER, or null to infer from the values (CSV)
     */
    TableAssembler(List<String> metadataNames, List<ColumnKind> kinds, List<String> featureNames) {
        this.metadataNames = List.copyOf(metadataNames);
        this.featureNames = List.copyOf(featureNames);
        this.kinds = kinds.toArray(ColumnKind[]::new);
        this.text = new TextColumn.Builder[this.kinds.length];
        this.numbers = new double[this.kinds.length][];
        for (int i = 0; i < this.kinds.length; i++) {
            if (this.kinds[i] == ColumnKind.NUMBER) {
                numbers[i] = new double[1024];
            } else {
                text[i] = new TextColumn.Builder(metadataNames.get(i));
            }
        }
        this.matrix = FeatureMatrix.builder(featureNames.size());
    }

    void addText(int column, String value) {
        text[column].add(value);
    }

    void addNumber(int column, double value) {
        double[] a = numbers[column];
        if (numberRows >= a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            numbers[column] = a;
        }
        a[numberRows] = value;
    }

    /** Ends a row: the features, after every metadata value of the row was added. */
    void endRow(float[] features) {
        matrix.appendRow(features);
        numberRows++;
    }

    int rows() {
        return matrix.rows();
    }

    ProfileTable build() {
        List<MetadataColumn> cols = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == ColumnKind.NUMBER) {
                cols.add(new NumberColumn(metadataNames.get(i), Arrays.copyOf(numbers[i], numberRows)));
            } else if (kinds[i] == ColumnKind.TEXT) {
                cols.add(text[i].build());
            } else {
                cols.add(text[i].buildInferred());
            }
        }
        built = true;
        return new ProfileTable(cols, featureNames, matrix.build());
    }

    @Override
    public void close() {
        if (!built) {
            matrix.close();
        }
    }
}

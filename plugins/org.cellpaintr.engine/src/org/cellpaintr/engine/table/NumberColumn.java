package org.cellpaintr.engine.table;

/** A numeric metadata column (concentration, cell count, a score); NaN is missing. */
public final class NumberColumn implements MetadataColumn {

    private final String name;
    private final double[] values;

    public NumberColumn(String name, double[] values) {
        this.name = name;
        this.values = values;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return values.length;
    }

    public double get(int row) {
        return values[row];
    }

    @Override
    public boolean isMissing(int row) {
        return Double.isNaN(values[row]);
    }

    @Override
    public String text(int row) {
        return NumberText.format(values[row]);
    }

    @Override
    public NumberColumn select(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new NumberColumn(name, out);
    }

    @Override
    public NumberColumn renamed(String newName) {
        return new NumberColumn(newName, values);
    }

    @Override
    public String toString() {
        return "NumberColumn[" + name + ", " + values.length + " rows]";
    }
}

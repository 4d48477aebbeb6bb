package org.cellpaintr.knime.base;

import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.io.FeatureRuleKeys;
import org.cellpaintr.engine.rows.MissingPolicy;
import org.cellpaintr.engine.rows.RowColumn;
import org.cellpaintr.engine.rows.RowPlan;
import org.cellpaintr.engine.rows.RowTableBuilder;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.knime.core.data.DataCell;
import org.knime.core.data.DataColumnSpec;
import org.knime.core.data.DataColumnSpecCreator;
import org.knime.core.data.DataRow;
import org.knime.core.data.DataTableSpec;
import org.knime.core.data.DataType;
import org.knime.core.data.DoubleValue;
import org.knime.core.data.RowKey;
import org.knime.core.data.StringValue;
import org.knime.core.data.container.CloseableRowIterator;
import org.knime.core.data.def.DefaultRow;
import org.knime.core.data.def.DoubleCell;
import org.knime.core.data.def.StringCell;
import org.knime.core.node.BufferedDataContainer;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.ExecutionMonitor;

/**
 * KNIME tables to and from profile tables. The decisions (column roles, types, missing cells, chunking) are made by
 * the KNIME-free {@link RowPlan} and {@link RowTableBuilder}; this class only moves cells, row by row, so no
 * whole-table copy is made on the Java heap.
 */
public final class TableAdapter {

    private TableAdapter() {
    }

    /** Numbers are columns whose cells are doubles (KNIME double, integer and long columns); the rest is text. */
    public static List<RowColumn> columns(DataTableSpec spec) {
        List<RowColumn> out = new ArrayList<>();
        for (int i = 0; i < spec.getNumColumns(); i++) {
            DataColumnSpec c = spec.getColumnSpec(i);
            out.add(new RowColumn(c.getName(),
                    c.getType().isCompatible(DoubleValue.class) ? RowColumn.Type.NUMBER : RowColumn.Type.TEXT));
        }
        return out;
    }

    public static RowPlan plan(DataTableSpec spec, SettingsTree settings) throws SettingsException {
        return RowPlan.of(columns(spec), FeatureRuleKeys.rule(settings), MissingPolicy.read(settings));
    }

    /** The profile table of a KNIME table (with its row keys, for outputs with the same rows). */
    public static RowTableBuilder read(BufferedDataTable table, RowPlan plan, ExecutionMonitor exec)
            throws SettingsException, CanceledExecutionException {
        RowTableBuilder b = new RowTableBuilder(plan);
        boolean ok = false;
        long n = Math.max(1, table.size());
        long r = 0;
        List<RowColumn> cols = plan.columns();
        try (CloseableRowIterator it = table.iterator()) {
            while (it.hasNext()) {
                DataRow row = it.next();
                String key = row.getKey().getString();
                for (int c = 0; c < cols.size(); c++) {
                    DataCell cell = row.getCell(c);
                    if (cell.isMissing()) {
                        b.missing(c, key);
                    } else if (cols.get(c).type() == RowColumn.Type.NUMBER) {
                        b.number(c, ((DoubleValue) cell).getDoubleValue());
                    } else {
                        b.text(c, cell instanceof StringValue s ? s.getStringValue() : cell.toString());
                    }
                }
                b.endRow(key);
                if (++r % 1024 == 0) {
                    exec.checkCanceled();
                    exec.setProgress((double) r / n, "reading row " + r + " of " + n);
                }
            }
            ok = true;
            return b;
        } finally {
            if (!ok) {
                b.close();
            }
        }
    }

    /** The KNIME spec of a profile schema: metadata columns, then features as doubles. */
    public static DataTableSpec spec(ProfileSchema schema) {
        return spec(schema, null);
    }

    /** As {@link #spec(ProfileSchema)}, with a leading text column (e.g. the representation a row scores). */
    public static DataTableSpec spec(ProfileSchema schema, String leadingTextColumn) {
        List<DataColumnSpec> specs = new ArrayList<>();
        if (leadingTextColumn != null) {
            specs.add(new DataColumnSpecCreator(leadingTextColumn, StringCell.TYPE).createSpec());
        }
        for (RowColumn c : RowColumn.of(schema)) {
            specs.add(new DataColumnSpecCreator(c.name(),
                    c.type() == RowColumn.Type.NUMBER ? DoubleCell.TYPE : StringCell.TYPE).createSpec());
        }
        return new DataTableSpec(specs.toArray(DataColumnSpec[]::new));
    }

    /** Writes a profile table; {@code rowKeys} null gives Row0, Row1, ... */
    public static BufferedDataTable write(ProfileTable t, List<String> rowKeys, ExecutionContext exec)
            throws CanceledExecutionException {
        BufferedDataContainer out = exec.createDataContainer(spec(t.schema()));
        append(out, t, rowKeys, null, exec);
        out.close();
        return out.getTable();
    }

    /** Appends rows, optionally behind a leading text cell. */
    public static void append(BufferedDataContainer out, ProfileTable t, List<String> rowKeys, String leading,
            ExecutionMonitor exec) throws CanceledExecutionException {
        List<MetadataColumn> meta = t.metadata();
        FeatureMatrix m = t.matrix();
        int nf = t.features().size();
        float[] features = new float[nf];
        int lead = leading == null ? 0 : 1;
        for (int r = 0; r < t.rowCount(); r++) {
            DataCell[] cells = new DataCell[lead + meta.size() + nf];
            if (leading != null) {
                cells[0] = new StringCell(leading);
            }
            for (int c = 0; c < meta.size(); c++) {
                MetadataColumn col = meta.get(c);
                if (col.isMissing(r)) {
                    cells[lead + c] = DataType.getMissingCell();
                } else if (col instanceof NumberColumn n) {
                    cells[lead + c] = new DoubleCell(n.get(r));
                } else {
                    cells[lead + c] = new StringCell(col.text(r));
                }
            }
            if (nf > 0) {
                m.readRow(r, features, 0);
                for (int f = 0; f < nf; f++) {
                    cells[lead + meta.size() + f] = new DoubleCell(features[f]);
                }
            }
            String key = rowKeys != null ? rowKeys.get(r) : (leading == null ? "Row" + r : leading + " #" + r);
            out.addRowToTable(new DefaultRow(new RowKey(key), cells));
            if (r % 1024 == 0) {
                exec.checkCanceled();
            }
        }
    }
}

package org.cellpaintr.knime.nodes.correct;

import java.util.List;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.rows.RowTableBuilder;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.base.CellPainTRNodeModel;
import org.cellpaintr.knime.base.TableAdapter;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/** Batch Correct: ComBat, Harmony or Sphering (the Correct Batch Effects operation). */
final class BatchCorrectNodeModel extends CellPainTRNodeModel {

    static final NodeSettingsLayout LAYOUT = NodeCatalog.BATCH_CORRECT.layout();

    BatchCorrectNodeModel() {
        super(new PortType[] {BufferedDataTable.TYPE}, new PortType[] {BufferedDataTable.TYPE}, LAYOUT);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException {
        return new PortObjectSpec[] {TableAdapter.spec(new CorrectBatchEffects().configure(LAYOUT.decode(s),
                TableAdapter.plan((DataTableSpec) in[0], s).schema()))};
    }

    @Override
    protected PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s, List<String> warnings)
            throws Exception {
        BufferedDataTable table = (BufferedDataTable) in[0];
        try (RowTableBuilder rows = TableAdapter.read(table, TableAdapter.plan(table.getDataTableSpec(), s),
                exec.createSubExecutionContext(0.2)); ProfileTable profiles = rows.build();
                ProfileTable corrected = new CorrectBatchEffects().execute(LAYOUT.decode(s), profiles,
                        progress(exec.createSubExecutionContext(0.7)))) {
            return new PortObject[] {TableAdapter.write(corrected, rows.rowKeys(), exec)};
        }
    }
}

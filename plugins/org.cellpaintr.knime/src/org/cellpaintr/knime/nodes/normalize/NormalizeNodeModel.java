package org.cellpaintr.knime.nodes.normalize;

import java.util.List;

import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.rows.RowPlan;
import org.cellpaintr.engine.rows.RowTableBuilder;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.ProfileSchema;
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

/** Normalize: per-plate normalisation against control wells (the Normalize operation). */
final class NormalizeNodeModel extends CellPainTRNodeModel {

    static final NodeSettingsLayout LAYOUT = NodeCatalog.NORMALIZE.layout();

    NormalizeNodeModel() {
        super(new PortType[] {BufferedDataTable.TYPE},
                new PortType[] {BufferedDataTable.TYPE, BufferedDataTable.TYPE}, LAYOUT);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException {
        NormalizeSettings ns = LAYOUT.decode(s);
        ProfileSchema out = new Normalize().configure(ns, TableAdapter.plan((DataTableSpec) in[0], s).schema());
        // with feature selection on, the kept features are known only after execution
        return new PortObjectSpec[] {Normalize.selectsFeatures(ns) ? null : TableAdapter.spec(out), null};
    }

    @Override
    protected PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s, List<String> warnings)
            throws Exception {
        BufferedDataTable table = (BufferedDataTable) in[0];
        RowPlan plan = TableAdapter.plan(table.getDataTableSpec(), s);
        try (RowTableBuilder rows = TableAdapter.read(table, plan, exec.createSubExecutionContext(0.2));
                ProfileTable profiles = rows.build();
                NormalizeResult r = new Normalize().execute(LAYOUT.decode(s), profiles,
                        progress(exec.createSubExecutionContext(0.6)))) {
            warnings.addAll(r.warnings());
            return new PortObject[] {TableAdapter.write(r.normalized(), rows.rowKeys(), exec),
                    TableAdapter.write(r.report(), null, exec)};
        }
    }
}

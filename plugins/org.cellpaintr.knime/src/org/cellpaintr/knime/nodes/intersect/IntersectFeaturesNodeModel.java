package org.cellpaintr.knime.nodes.intersect;

import java.util.List;

import org.cellpaintr.engine.intersect.IntersectCodec;
import org.cellpaintr.engine.intersect.IntersectFeatures;
import org.cellpaintr.engine.intersect.IntersectResult;
import org.cellpaintr.engine.intersect.IntersectSettings;
import org.cellpaintr.engine.rows.RowTableBuilder;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.base.CellPainTRNodeModel;
import org.cellpaintr.knime.base.TableAdapter;
import org.cellpaintr.knime.port.CellPainTRModelPortObject;
import org.cellpaintr.knime.port.CellPainTRModelPortObjectSpec;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/**
 * Intersect Features: aligns a table's features to a reference list taken from a second table (port 1) or from a
 * model's vocabulary (port 2); exactly one of the two must be connected.
 */
final class IntersectFeaturesNodeModel extends CellPainTRNodeModel {

    static final NodeSettingsLayout LAYOUT = NodeCatalog.INTERSECT_FEATURES.layout();

    IntersectFeaturesNodeModel() {
        super(new PortType[] {BufferedDataTable.TYPE, BufferedDataTable.TYPE_OPTIONAL,
                CellPainTRModelPortObject.TYPE_OPTIONAL},
                new PortType[] {BufferedDataTable.TYPE, BufferedDataTable.TYPE}, LAYOUT);
    }

    private static List<String> reference(PortObjectSpec table, PortObjectSpec model, SettingsTree s)
            throws SettingsException {
        if ((table == null) == (model == null)) {
            throw new SettingsException("reference", "connect either a reference table or a model, not "
                    + (table == null ? "neither" : "both"));
        }
        if (model != null) {
            return ((CellPainTRModelPortObjectSpec) model).description().features();
        }
        return TableAdapter.plan((DataTableSpec) table, s).schema().features();
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException {
        IntersectSettings settings = ((IntersectCodec.Options) LAYOUT.decode(s)).withReference(reference(in[1], in[2], s));
        return new PortObjectSpec[] {TableAdapter.spec(new IntersectFeatures().configure(settings,
                TableAdapter.plan((DataTableSpec) in[0], s).schema())), null};
    }

    @Override
    protected PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s, List<String> warnings)
            throws Exception {
        BufferedDataTable table = (BufferedDataTable) in[0];
        PortObjectSpec refTable = in[1] == null ? null : ((BufferedDataTable) in[1]).getDataTableSpec();
        PortObjectSpec refModel = in[2] == null ? null : ((CellPainTRModelPortObject) in[2]).getSpec();
        IntersectSettings settings = ((IntersectCodec.Options) LAYOUT.decode(s))
                .withReference(reference(refTable, refModel, s));
        try (RowTableBuilder rows = TableAdapter.read(table, TableAdapter.plan(table.getDataTableSpec(), s),
                exec.createSubExecutionContext(0.4)); ProfileTable profiles = rows.build();
                IntersectResult r = new IntersectFeatures().execute(settings, profiles,
                        progress(exec.createSubExecutionContext(0.3)))) {
            if (r.missing() > 0) {
                warnings.add(r.missing() + " reference features are not in the data and were filled with zeros");
            }
            return new PortObject[] {TableAdapter.write(r.aligned(), rows.rowKeys(), exec),
                    TableAdapter.write(r.report(), null, exec)};
        }
    }
}

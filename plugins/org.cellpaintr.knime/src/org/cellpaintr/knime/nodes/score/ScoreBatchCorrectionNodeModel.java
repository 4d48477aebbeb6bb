package org.cellpaintr.knime.nodes.score;

import java.util.List;

import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSchemas;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.rows.RowTableBuilder;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.base.CellPainTRNodeModel;
import org.cellpaintr.knime.base.TableAdapter;
import org.cellpaintr.engine.settings.NodeOnlyKeys;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataContainer;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/**
 * Score Batch Correction: Arevalo et al.'s ten metrics for one to four representations of the same wells (raw,
 * corrected, embedded), one block of rows per representation, named by the {@code representations} setting.
 */
final class ScoreBatchCorrectionNodeModel extends CellPainTRNodeModel {

    static final String REPRESENTATION_COLUMN = "representation";
    static final NodeSettingsLayout LAYOUT = NodeCatalog.SCORE_BATCH_CORRECTION.layout();

    ScoreBatchCorrectionNodeModel() {
        super(new PortType[] {BufferedDataTable.TYPE, BufferedDataTable.TYPE_OPTIONAL,
                BufferedDataTable.TYPE_OPTIONAL, BufferedDataTable.TYPE_OPTIONAL},
                new PortType[] {BufferedDataTable.TYPE, BufferedDataTable.TYPE}, LAYOUT);
    }

    private static String name(SettingsTree s, int port) throws SettingsException {
        List<String> names = s.strings(NodeOnlyKeys.REPRESENTATIONS);
        if (names.size() <= port || names.get(port).isBlank()) {
            throw new SettingsException(NodeOnlyKeys.REPRESENTATIONS, "give a name for input " + (port + 1));
        }
        if (names.subList(0, port).contains(names.get(port))) {
            // the names become row keys of the outputs, which must be unique
            throw new SettingsException(NodeOnlyKeys.REPRESENTATIONS, "'" + names.get(port) + "' names two inputs");
        }
        return names.get(port);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException {
        ScoreSettings settings = LAYOUT.decode(s);
        ScoreSchemas schemas = null;
        for (int p = 0; p < in.length; p++) {
            if (in[p] != null) {
                name(s, p);
                schemas = new ScoreBatchCorrection().configure(settings,
                        TableAdapter.plan((DataTableSpec) in[p], s).schema());
            }
        }
        return new PortObjectSpec[] {TableAdapter.spec(schemas.metrics(), REPRESENTATION_COLUMN),
                TableAdapter.spec(schemas.compounds(), REPRESENTATION_COLUMN)};
    }

    @Override
    protected PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s, List<String> warnings)
            throws Exception {
        ScoreSettings settings = LAYOUT.decode(s);
        ScoreSchemas schemas = new ScoreBatchCorrection().configure(settings,
                TableAdapter.plan(((BufferedDataTable) in[0]).getDataTableSpec(), s).schema());
        BufferedDataContainer metrics = exec.createDataContainer(TableAdapter.spec(schemas.metrics(),
                REPRESENTATION_COLUMN));
        BufferedDataContainer compounds = exec.createDataContainer(TableAdapter.spec(schemas.compounds(),
                REPRESENTATION_COLUMN));
        double share = 1.0 / in.length;
        for (int p = 0; p < in.length; p++) {
            if (in[p] == null) {
                continue;
            }
            BufferedDataTable table = (BufferedDataTable) in[p];
            String name = name(s, p);
            try (RowTableBuilder rows = TableAdapter.read(table, TableAdapter.plan(table.getDataTableSpec(), s),
                    exec.createSubExecutionContext(share * 0.2)); ProfileTable profiles = rows.build();
                    ScoreResult r = new ScoreBatchCorrection().execute(settings, profiles,
                            progress(exec.createSubExecutionContext(share * 0.8)))) {
                TableAdapter.append(metrics, r.metrics(), null, name, exec);
                TableAdapter.append(compounds, r.compounds(), null, name, exec);
            }
        }
        metrics.close();
        compounds.close();
        return new PortObject[] {metrics.getTable(), compounds.getTable()};
    }
}

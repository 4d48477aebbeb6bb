package org.cellpaintr.knime.nodes.trainstage;

import java.nio.file.Path;
import java.util.List;

import org.cellpaintr.engine.rows.RowTableBuilder;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.util.OutputLock;
import org.cellpaintr.knime.base.CellPainTRNodeModel;
import org.cellpaintr.knime.base.LocalFile;
import org.cellpaintr.knime.base.TableAdapter;
import org.cellpaintr.knime.port.CellPainTRModelPortObject;
import org.cellpaintr.knime.port.CellPainTRModelPortObjectSpec;
import org.cellpaintr.knime.port.ModelPortContent;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageCodec;
import org.cellpaintr.model.trainstage.TrainStageResult;
import org.cellpaintr.model.trainstage.TrainStageSettings;
import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/**
 * Train Stage: one stage of the curriculum on a table, from scratch (stage 1) or continuing the model at port 1.
 * A checkpoint file, when set, is written after every epoch and resumed from, as on the command line.
 */
final class TrainStageNodeModel extends CellPainTRNodeModel {

    static final NodeSettingsLayout LAYOUT = NodeCatalog.TRAIN_STAGE.layout();

    TrainStageNodeModel() {
        super(new PortType[] {BufferedDataTable.TYPE, CellPainTRModelPortObject.TYPE_OPTIONAL},
                new PortType[] {CellPainTRModelPortObject.TYPE, BufferedDataTable.TYPE}, LAYOUT);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException {
        FeatureVocabulary vocabulary = in[1] == null ? null
                : new FeatureVocabulary(((CellPainTRModelPortObjectSpec) in[1]).description().features());
        new TrainStage().configure(LAYOUT.decode(s),
                new TrainStage.Spec(TableAdapter.plan((DataTableSpec) in[0], s).schema(), vocabulary));
        // the trained model's sources come from the data, so its spec is known after execution
        return new PortObjectSpec[] {null, TableAdapter.spec(TrainStage.logSchema())};
    }

    @Override
    protected PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s, List<String> warnings)
            throws Exception {
        TrainStageSettings settings = LAYOUT.decode(s);
        String checkpointSetting = TrainStageCodec.checkpoint(s);
        Path checkpoint = checkpointSetting == null ? null
                : LocalFile.resolve(checkpointSetting, TrainStageCodec.CHECKPOINT);
        BufferedDataTable table = (BufferedDataTable) in[0];
        CellPainTRModel start = in[1] == null ? null
                : ((CellPainTRModelPortObject) in[1]).content().load(settings.device());
        // a checkpoint shared by two running nodes (or a node and cellpaintr train) would interleave two runs
        try (OutputLock lock = checkpoint == null ? null : OutputLock.acquire(TrainStageCodec.CHECKPOINT, checkpoint);
                RowTableBuilder rows = TableAdapter.read(table, TableAdapter.plan(table.getDataTableSpec(), s),
                exec.createSubExecutionContext(0.1)); ProfileTable profiles = rows.build()) {
            TrainStageResult r = new TrainStage().execute(settings, new TrainStage.Input(profiles, start, checkpoint),
                    progress(exec.createSubExecutionContext(0.85)));
            try (CellPainTRModel model = r.model(); ProfileTable log = r.log()) {
                warnings.addAll(r.warnings());
                return new PortObject[] {new CellPainTRModelPortObject(ModelPortContent.of(model)),
                        TableAdapter.write(log, null, exec)};
            }
        } finally {
            if (start != null) {
                start.close();
            }
        }
    }
}

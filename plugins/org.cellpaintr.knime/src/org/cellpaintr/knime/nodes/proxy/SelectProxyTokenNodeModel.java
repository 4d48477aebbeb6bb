package org.cellpaintr.knime.nodes.proxy;

import java.util.List;

import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.rows.MissingPolicy;
import org.cellpaintr.engine.rows.RowColumn;
import org.cellpaintr.engine.rows.RowPlan;
import org.cellpaintr.engine.rows.RowTableBuilder;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.base.CellPainTRNodeModel;
import org.cellpaintr.knime.base.TableAdapter;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.port.CellPainTRModelPortObject;
import org.cellpaintr.knime.port.CellPainTRModelPortObjectSpec;
import org.cellpaintr.knime.port.ModelDescription;
import org.cellpaintr.knime.port.ModelPortContent;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.proxy.SelectProxyCodec;
import org.cellpaintr.model.proxy.SelectProxyResult;
import org.cellpaintr.model.proxy.SelectProxyToken;
import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/**
 * Select Proxy Token: adds a codebook entry for a dataset the model has not seen (metadata match, lowest
 * masked-modelling loss, or a learned token) and ranks every candidate. Port 2, optional, is the per-source
 * metadata table the metadata strategy compares (one row per source, every column metadata).
 */
final class SelectProxyTokenNodeModel extends CellPainTRNodeModel {

    static final NodeSettingsLayout LAYOUT = NodeCatalog.SELECT_PROXY_TOKEN.layout();

    SelectProxyTokenNodeModel() {
        super(new PortType[] {CellPainTRModelPortObject.TYPE, BufferedDataTable.TYPE, BufferedDataTable.TYPE_OPTIONAL},
                new PortType[] {CellPainTRModelPortObject.TYPE, BufferedDataTable.TYPE}, LAYOUT);
    }

    /** Every column of the metadata table is metadata (it describes sources, it has no profiles). */
    private static RowPlan metadataPlan(DataTableSpec spec) throws SettingsException {
        List<RowColumn> cols = TableAdapter.columns(spec);
        List<String> all = cols.stream().map(RowColumn::name).toList();
        return RowPlan.of(cols, new FeatureColumnRule(List.of(), all, null), MissingPolicy.NAN);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException {
        SelectProxyCodec.Saved saved = LAYOUT.decode(s);
        if (in[0] == null) {
            return new PortObjectSpec[] {null, TableAdapter.spec(SelectProxyToken.rankingSchema())};
        }
        ModelDescription d = ((CellPainTRModelPortObjectSpec) in[0]).description();
        ProfileSchema metadata = in[2] == null ? null : metadataPlan((DataTableSpec) in[2]).schema();
        new SelectProxyToken().configure(saved.settings(), new SelectProxyToken.Spec(
                TableAdapter.plan((DataTableSpec) in[1], s).schema(), new FeatureVocabulary(d.features()),
                d.sources(), metadata));
        // the output model is the input model with one more source (or a replaced one)
        List<String> sources = new java.util.ArrayList<>(d.sources());
        if (!sources.contains(saved.settings().newSource())) {
            sources.add(saved.settings().newSource());
        }
        return new PortObjectSpec[] {
            new CellPainTRModelPortObjectSpec(new ModelDescription(d.features(), sources, d.embeddingSize(), d.stages())),
            TableAdapter.spec(SelectProxyToken.rankingSchema())};
    }

    @Override
    protected PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s, List<String> warnings)
            throws Exception {
        SelectProxyCodec.Saved saved = LAYOUT.decode(s);
        BufferedDataTable table = (BufferedDataTable) in[1];
        BufferedDataTable meta = (BufferedDataTable) in[2];
        try (CellPainTRModel model = ((CellPainTRModelPortObject) in[0]).content().load(saved.device());
                RowTableBuilder rows = TableAdapter.read(table, TableAdapter.plan(table.getDataTableSpec(), s),
                        exec.createSubExecutionContext(0.1)); ProfileTable profiles = rows.build();
                RowTableBuilder metaRows = meta == null ? null
                        : TableAdapter.read(meta, metadataPlan(meta.getDataTableSpec()), exec.createSubExecutionContext(0));
                ProfileTable metadata = metaRows == null ? null : metaRows.build()) {
            SelectProxyResult r = new SelectProxyToken().execute(saved.settings(),
                    new SelectProxyToken.Input(profiles, model, metadata), progress(exec.createSubExecutionContext(0.85)));
            try (ProfileTable ranking = r.ranking()) {
                warnings.addAll(r.warnings());
                return new PortObject[] {new CellPainTRModelPortObject(ModelPortContent.of(r.model())),
                        TableAdapter.write(ranking, null, exec)};
            }
        }
    }
}

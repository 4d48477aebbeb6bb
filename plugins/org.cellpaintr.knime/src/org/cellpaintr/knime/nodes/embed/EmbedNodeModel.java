package org.cellpaintr.knime.nodes.embed;

import java.util.List;

import org.cellpaintr.engine.rows.RowTableBuilder;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.base.CellPainTRNodeModel;
import org.cellpaintr.knime.base.TableAdapter;
import org.cellpaintr.knime.port.CellPainTRModelPortObject;
import org.cellpaintr.knime.port.CellPainTRModelPortObjectSpec;
import org.cellpaintr.knime.port.ModelDescription;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedCodec;
import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/** Embed: the model's embedding of every well, with the table's metadata. */
final class EmbedNodeModel extends CellPainTRNodeModel {

    static final NodeSettingsLayout LAYOUT = NodeCatalog.EMBED.layout();

    EmbedNodeModel() {
        super(new PortType[] {CellPainTRModelPortObject.TYPE, BufferedDataTable.TYPE},
                new PortType[] {BufferedDataTable.TYPE}, LAYOUT);
    }

    private static Embed.Spec spec(ModelDescription d, ProfileSchema table) {
        return new Embed.Spec(table, new FeatureVocabulary(d.features()), d.sources(), d.embeddingSize());
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException {
        EmbedCodec.Saved saved = LAYOUT.decode(s);
        if (in[0] == null) {
            return new PortObjectSpec[] {null};
        }
        ProfileSchema out = new Embed().configure(saved.settings(),
                spec(((CellPainTRModelPortObjectSpec) in[0]).description(),
                        TableAdapter.plan((DataTableSpec) in[1], s).schema()));
        return new PortObjectSpec[] {TableAdapter.spec(out)};
    }

    @Override
    protected PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s, List<String> warnings)
            throws Exception {
        EmbedCodec.Saved saved = LAYOUT.decode(s);
        BufferedDataTable table = (BufferedDataTable) in[1];
        try (CellPainTRModel model = ((CellPainTRModelPortObject) in[0]).content().load(saved.device());
                RowTableBuilder rows = TableAdapter.read(table, TableAdapter.plan(table.getDataTableSpec(), s),
                        exec.createSubExecutionContext(0.2)); ProfileTable profiles = rows.build();
                ProfileTable emb = new Embed().execute(saved.settings(), new Embed.Input(profiles, model),
                        progress(exec.createSubExecutionContext(0.7)))) {
            return new PortObject[] {TableAdapter.write(emb, rows.rowKeys(), exec)};
        }
    }
}

package org.cellpaintr.knime.nodes.modelreader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.base.CellPainTRNodeModel;
import org.cellpaintr.knime.port.CellPainTRModelPortObject;
import org.cellpaintr.knime.port.CellPainTRModelPortObjectSpec;
import org.cellpaintr.knime.port.ModelPortContent;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.cellpaintr.model.archive.ModelReaderCodec;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/** Model Reader: a model archive file onto the model port. */
final class ModelReaderNodeModel extends CellPainTRNodeModel {

    static final NodeSettingsLayout LAYOUT = NodeCatalog.MODEL_READER.layout();

    ModelReaderNodeModel() {
        super(new PortType[0], new PortType[] {CellPainTRModelPortObject.TYPE}, LAYOUT);
    }

    private static Path file(SettingsTree s) throws SettingsException {
        ModelReaderCodec.Settings r = LAYOUT.decode(s);
        if (r.model().isEmpty()) {
            throw new SettingsException(ModelReaderCodec.MODEL, "choose a model archive file");
        }
        Path p = Path.of(r.model());
        if (!Files.isRegularFile(p)) {
            throw new SettingsException(ModelReaderCodec.MODEL, "'" + p + "' is not a file");
        }
        return p;
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException {
        try {
            return new PortObjectSpec[] {new CellPainTRModelPortObjectSpec(ModelPortContent.read(file(s)).description())};
        } catch (IOException e) {
            throw new SettingsException(ModelReaderCodec.MODEL, e.getMessage());
        }
    }

    @Override
    protected PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s, List<String> warnings)
            throws Exception {
        return new PortObject[] {new CellPainTRModelPortObject(ModelPortContent.read(file(s)))};
    }
}

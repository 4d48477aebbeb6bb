package org.cellpaintr.knime.nodes.modelwriter;

import java.nio.file.Path;
import java.util.List;

import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.base.CellPainTRNodeModel;
import org.cellpaintr.engine.util.OutputLock;
import org.cellpaintr.knime.base.LocalFile;
import org.cellpaintr.knime.port.CellPainTRModelPortObject;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.cellpaintr.model.archive.ModelWriterCodec;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/** Model Writer: the model port's archive to a file, the same file {@code cellpaintr} reads. */
final class ModelWriterNodeModel extends CellPainTRNodeModel {

    static final NodeSettingsLayout LAYOUT = NodeCatalog.MODEL_WRITER.layout();

    ModelWriterNodeModel() {
        super(new PortType[] {CellPainTRModelPortObject.TYPE}, new PortType[0], LAYOUT);
    }

    private static ModelWriterCodec.Settings settings(SettingsTree s) throws SettingsException {
        ModelWriterCodec.Settings w = LAYOUT.decode(s);
        if (w.modelOut().isEmpty()) {
            throw new SettingsException(ModelWriterCodec.MODEL_OUT, "choose the file to write");
        }
        return w;
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException {
        settings(s);
        return new PortObjectSpec[0];
    }

    @Override
    protected PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s, List<String> warnings)
            throws Exception {
        ModelWriterCodec.Settings w = settings(s);
        Path target = LocalFile.resolve(w.modelOut(), ModelWriterCodec.MODEL_OUT);
        // two nodes (or a node and a command) writing one model file at once: the second is refused, not lost
        try (OutputLock lock = OutputLock.acquire(ModelWriterCodec.MODEL_OUT, target)) {
            ((CellPainTRModelPortObject) in[0]).content().writeFile(target, w.overwrite());
        }
        return new PortObject[0];
    }
}

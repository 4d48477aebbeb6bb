package org.cellpaintr.knime.port;

import java.io.IOException;

import javax.swing.JComponent;

import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionMonitor;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortObjectZipInputStream;
import org.knime.core.node.port.PortObjectZipOutputStream;
import org.knime.core.node.port.PortType;
import org.knime.core.node.port.PortTypeRegistry;

/**
 * The CellPainTR model port: a model archive passed between nodes. Its saved form is the archive itself
 * ({@link ModelPortContent}). The class name is part of saved workflows; never rename it.
 */
public final class CellPainTRModelPortObject implements PortObject {

    public static final PortType TYPE = PortTypeRegistry.getInstance().getPortType(CellPainTRModelPortObject.class);
    public static final PortType TYPE_OPTIONAL =
            PortTypeRegistry.getInstance().getPortType(CellPainTRModelPortObject.class, true);

    private final ModelPortContent content;

    public CellPainTRModelPortObject(ModelPortContent content) {
        this.content = content;
    }

    public ModelPortContent content() {
        return content;
    }

    @Override
    public String getSummary() {
        return content.description().summary();
    }

    @Override
    public CellPainTRModelPortObjectSpec getSpec() {
        return new CellPainTRModelPortObjectSpec(content.description());
    }

    @Override
    public JComponent[] getViews() {
        return new JComponent[0];
    }

    /** Saves the model archive as one zip entry. */
    public static final class Serializer extends PortObjectSerializer<CellPainTRModelPortObject> {

        @Override
        public void savePortObject(CellPainTRModelPortObject portObject, PortObjectZipOutputStream out,
                ExecutionMonitor exec) throws IOException, CanceledExecutionException {
            portObject.content.writeTo(out);
        }

        @Override
        public CellPainTRModelPortObject loadPortObject(PortObjectZipInputStream in, PortObjectSpec spec,
                ExecutionMonitor exec) throws IOException, CanceledExecutionException {
            return new CellPainTRModelPortObject(ModelPortContent.readFrom(in));
        }
    }
}

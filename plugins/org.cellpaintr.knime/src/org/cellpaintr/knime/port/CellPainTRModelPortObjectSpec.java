package org.cellpaintr.knime.port;

import java.io.IOException;

import javax.swing.JComponent;

import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortObjectSpecZipInputStream;
import org.knime.core.node.port.PortObjectSpecZipOutputStream;

/**
 * Spec of the CellPainTR model port: the model's {@link ModelDescription}. The class name is part of saved
 * workflows; never rename it.
 */
public final class CellPainTRModelPortObjectSpec implements PortObjectSpec {

    private final ModelDescription description;

    public CellPainTRModelPortObjectSpec(ModelDescription description) {
        this.description = description;
    }

    public ModelDescription description() {
        return description;
    }

    @Override
    public JComponent[] getViews() {
        return new JComponent[0];
    }

    /** Saves the description as one zip entry. */
    public static final class Serializer extends PortObjectSpecSerializer<CellPainTRModelPortObjectSpec> {

        @Override
        public void savePortObjectSpec(CellPainTRModelPortObjectSpec spec, PortObjectSpecZipOutputStream out)
                throws IOException {
            ModelPortContent.writeSpec(spec.description, out);
        }

        @Override
        public CellPainTRModelPortObjectSpec loadPortObjectSpec(PortObjectSpecZipInputStream in) throws IOException {
            return new CellPainTRModelPortObjectSpec(ModelPortContent.readSpec(in));
        }
    }
}

// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node;

import java.awt.Component;

import org.knime.core.node.port.PortObjectSpec;

public abstract class NodeDialogPane {

    protected NodeDialogPane() {
        throw new UnsupportedOperationException();
    }

    protected final void addTab(final String title, final Component comp) {
        throw new UnsupportedOperationException();
    }

    protected void loadSettingsFrom(final NodeSettingsRO settings, final PortObjectSpec[] specs)
            throws NotConfigurableException {
        throw new UnsupportedOperationException();
    }

    protected abstract void saveSettingsTo(final NodeSettingsWO settings) throws InvalidSettingsException;
}

// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node;

import org.knime.core.data.container.DataContainer;

public class BufferedDataContainer extends DataContainer {

    @Override
    public BufferedDataTable getTable() {
        throw new UnsupportedOperationException();
    }
}

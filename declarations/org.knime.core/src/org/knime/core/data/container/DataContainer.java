// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.data.container;

import org.knime.core.data.DataRow;
import org.knime.core.data.DataTable;

public class DataContainer implements AutoCloseable {

    public void addRowToTable(final DataRow row) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }

    public DataTable getTable() {
        throw new UnsupportedOperationException();
    }
}

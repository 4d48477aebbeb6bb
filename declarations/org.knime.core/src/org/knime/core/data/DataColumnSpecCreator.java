// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.data;

public final class DataColumnSpecCreator {

    public DataColumnSpecCreator(final String name, final DataType type) {
        throw new UnsupportedOperationException();
    }

    public DataColumnSpec createSpec() {
        throw new UnsupportedOperationException();
    }
}

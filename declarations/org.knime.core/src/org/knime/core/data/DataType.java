// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.data;

public final class DataType {

    private DataType() {
        throw new UnsupportedOperationException();
    }

    public static DataCell getMissingCell() {
        throw new UnsupportedOperationException();
    }

    public boolean isCompatible(final Class<? extends DataValue> valueClass) {
        throw new UnsupportedOperationException();
    }
}

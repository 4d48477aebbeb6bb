// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node.port;

public final class PortTypeRegistry {

    private PortTypeRegistry() {
        throw new UnsupportedOperationException();
    }

    public static PortTypeRegistry getInstance() {
        throw new UnsupportedOperationException();
    }

    public synchronized PortType getPortType(final Class<? extends PortObject> portClass) {
        throw new UnsupportedOperationException();
    }

    public synchronized PortType getPortType(final Class<? extends PortObject> portClass, final boolean isOptional) {
        throw new UnsupportedOperationException();
    }
}

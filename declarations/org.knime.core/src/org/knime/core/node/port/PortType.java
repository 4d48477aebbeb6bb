// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node.port;

public final class PortType {

    private PortType() {
        throw new UnsupportedOperationException();
    }
}

// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node;

public abstract class NodeView<T extends NodeModel> {

    protected NodeView(final T nodeModel) {
        throw new UnsupportedOperationException();
    }
}

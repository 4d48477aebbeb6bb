package org.cellpaintr.knime.base;

import org.knime.core.node.NodeFactory;
import org.knime.core.node.NodeView;

/**
 * Factory base of the CellPainTR nodes: no views, a dialog. KNIME reads each node's description from the XML file
 * named after the concrete factory, next to it.
 */
public abstract class CellPainTRNodeFactory<T extends CellPainTRNodeModel> extends NodeFactory<T> {

    @Override
    protected final int getNrNodeViews() {
        return 0;
    }

    @Override
    public final NodeView<T> createNodeView(int viewIndex, T nodeModel) {
        return null;
    }

    @Override
    protected final boolean hasDialog() {
        return true;
    }
}

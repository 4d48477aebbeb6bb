package org.cellpaintr.knime.nodes.proxy;

import org.cellpaintr.knime.base.CellPainTRNodeFactory;
import org.knime.core.node.NodeDialogPane;

/** Factory of the SelectProxyToken node; its description is SelectProxyTokenNodeFactory.xml next to it. The class name is part of saved workflows. */
public final class SelectProxyTokenNodeFactory extends CellPainTRNodeFactory<SelectProxyTokenNodeModel> {

    @Override
    public SelectProxyTokenNodeModel createNodeModel() {
        return new SelectProxyTokenNodeModel();
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new SelectProxyTokenNodeDialog();
    }
}

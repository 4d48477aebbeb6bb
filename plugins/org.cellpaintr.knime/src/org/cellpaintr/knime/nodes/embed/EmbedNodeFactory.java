package org.cellpaintr.knime.nodes.embed;

import org.cellpaintr.knime.base.CellPainTRNodeFactory;
import org.knime.core.node.NodeDialogPane;

/** Factory of the Embed node; its description is EmbedNodeFactory.xml next to it. The class name is part of saved workflows. */
public final class EmbedNodeFactory extends CellPainTRNodeFactory<EmbedNodeModel> {

    @Override
    public EmbedNodeModel createNodeModel() {
        return new EmbedNodeModel();
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new EmbedNodeDialog();
    }
}

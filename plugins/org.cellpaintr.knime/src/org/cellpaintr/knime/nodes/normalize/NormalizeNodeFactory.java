package org.cellpaintr.knime.nodes.normalize;

import org.cellpaintr.knime.base.CellPainTRNodeFactory;
import org.knime.core.node.NodeDialogPane;

/** Factory of the Normalize node; its description is NormalizeNodeFactory.xml next to it. The class name is part of saved workflows. */
public final class NormalizeNodeFactory extends CellPainTRNodeFactory<NormalizeNodeModel> {

    @Override
    public NormalizeNodeModel createNodeModel() {
        return new NormalizeNodeModel();
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new NormalizeNodeDialog();
    }
}

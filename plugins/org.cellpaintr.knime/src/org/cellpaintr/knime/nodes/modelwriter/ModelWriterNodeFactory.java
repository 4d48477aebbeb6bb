package org.cellpaintr.knime.nodes.modelwriter;

import org.cellpaintr.knime.base.CellPainTRNodeFactory;
import org.knime.core.node.NodeDialogPane;

/** Factory of the ModelWriter node; its description is ModelWriterNodeFactory.xml next to it. The class name is part of saved workflows. */
public final class ModelWriterNodeFactory extends CellPainTRNodeFactory<ModelWriterNodeModel> {

    @Override
    public ModelWriterNodeModel createNodeModel() {
        return new ModelWriterNodeModel();
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new ModelWriterNodeDialog();
    }
}

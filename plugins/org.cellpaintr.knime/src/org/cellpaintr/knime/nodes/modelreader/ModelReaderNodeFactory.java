package org.cellpaintr.knime.nodes.modelreader;

import org.cellpaintr.knime.base.CellPainTRNodeFactory;
import org.knime.core.node.NodeDialogPane;

/** Factory of the ModelReader node; its description is ModelReaderNodeFactory.xml next to it. The class name is part of saved workflows. */
public final class ModelReaderNodeFactory extends CellPainTRNodeFactory<ModelReaderNodeModel> {

    @Override
    public ModelReaderNodeModel createNodeModel() {
        return new ModelReaderNodeModel();
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new ModelReaderNodeDialog();
    }
}

package org.cellpaintr.knime.nodes.correct;

import org.cellpaintr.knime.base.CellPainTRNodeFactory;
import org.knime.core.node.NodeDialogPane;

/** Factory of the BatchCorrect node; its description is BatchCorrectNodeFactory.xml next to it. The class name is part of saved workflows. */
public final class BatchCorrectNodeFactory extends CellPainTRNodeFactory<BatchCorrectNodeModel> {

    @Override
    public BatchCorrectNodeModel createNodeModel() {
        return new BatchCorrectNodeModel();
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new BatchCorrectNodeDialog();
    }
}

package org.cellpaintr.knime.nodes.score;

import org.cellpaintr.knime.base.CellPainTRNodeFactory;
import org.knime.core.node.NodeDialogPane;

/** Factory of the ScoreBatchCorrection node; its description is ScoreBatchCorrectionNodeFactory.xml next to it. The class name is part of saved workflows. */
public final class ScoreBatchCorrectionNodeFactory extends CellPainTRNodeFactory<ScoreBatchCorrectionNodeModel> {

    @Override
    public ScoreBatchCorrectionNodeModel createNodeModel() {
        return new ScoreBatchCorrectionNodeModel();
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new ScoreBatchCorrectionNodeDialog();
    }
}

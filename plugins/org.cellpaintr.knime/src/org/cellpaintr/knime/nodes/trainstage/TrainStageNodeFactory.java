package org.cellpaintr.knime.nodes.trainstage;

import org.cellpaintr.knime.base.CellPainTRNodeFactory;
import org.knime.core.node.NodeDialogPane;

/** Factory of the TrainStage node; its description is TrainStageNodeFactory.xml next to it. The class name is part of saved workflows. */
public final class TrainStageNodeFactory extends CellPainTRNodeFactory<TrainStageNodeModel> {

    @Override
    public TrainStageNodeModel createNodeModel() {
        return new TrainStageNodeModel();
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new TrainStageNodeDialog();
    }
}

package org.cellpaintr.knime.nodes.trainstage;

import org.cellpaintr.knime.base.SettingsDialog;

/** Dialog of the TrainStage node: one field per saved key. */
final class TrainStageNodeDialog extends SettingsDialog {

    TrainStageNodeDialog() {
        super(TrainStageNodeModel.LAYOUT);
    }
}

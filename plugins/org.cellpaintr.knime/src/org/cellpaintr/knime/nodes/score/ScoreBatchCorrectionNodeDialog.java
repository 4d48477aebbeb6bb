package org.cellpaintr.knime.nodes.score;

import org.cellpaintr.knime.base.SettingsDialog;

/** Dialog of the ScoreBatchCorrection node: one field per saved key. */
final class ScoreBatchCorrectionNodeDialog extends SettingsDialog {

    ScoreBatchCorrectionNodeDialog() {
        super(ScoreBatchCorrectionNodeModel.LAYOUT);
    }
}

package org.cellpaintr.knime.nodes.correct;

import org.cellpaintr.knime.base.SettingsDialog;

/** Dialog of the BatchCorrect node: one field per saved key. */
final class BatchCorrectNodeDialog extends SettingsDialog {

    BatchCorrectNodeDialog() {
        super(BatchCorrectNodeModel.LAYOUT);
    }
}

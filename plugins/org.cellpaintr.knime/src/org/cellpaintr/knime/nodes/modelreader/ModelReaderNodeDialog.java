package org.cellpaintr.knime.nodes.modelreader;

import org.cellpaintr.knime.base.SettingsDialog;

/** Dialog of the ModelReader node: one field per saved key. */
final class ModelReaderNodeDialog extends SettingsDialog {

    ModelReaderNodeDialog() {
        super(ModelReaderNodeModel.LAYOUT);
    }
}

package org.cellpaintr.knime.nodes.modelwriter;

import org.cellpaintr.knime.base.SettingsDialog;

/** Dialog of the ModelWriter node: one field per saved key. */
final class ModelWriterNodeDialog extends SettingsDialog {

    ModelWriterNodeDialog() {
        super(ModelWriterNodeModel.LAYOUT);
    }
}

package org.cellpaintr.knime.nodes.embed;

import org.cellpaintr.knime.base.SettingsDialog;

/** Dialog of the Embed node: one field per saved key. */
final class EmbedNodeDialog extends SettingsDialog {

    EmbedNodeDialog() {
        super(EmbedNodeModel.LAYOUT);
    }
}

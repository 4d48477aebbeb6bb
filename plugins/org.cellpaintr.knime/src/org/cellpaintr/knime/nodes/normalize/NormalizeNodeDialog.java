package org.cellpaintr.knime.nodes.normalize;

import org.cellpaintr.knime.base.SettingsDialog;

/** Dialog of the Normalize node: one field per saved key. */
final class NormalizeNodeDialog extends SettingsDialog {

    NormalizeNodeDialog() {
        super(NormalizeNodeModel.LAYOUT);
    }
}

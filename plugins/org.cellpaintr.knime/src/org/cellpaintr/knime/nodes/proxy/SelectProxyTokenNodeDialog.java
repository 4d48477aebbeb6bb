package org.cellpaintr.knime.nodes.proxy;

import org.cellpaintr.knime.base.SettingsDialog;

/** Dialog of the SelectProxyToken node: one field per saved key. */
final class SelectProxyTokenNodeDialog extends SettingsDialog {

    SelectProxyTokenNodeDialog() {
        super(SelectProxyTokenNodeModel.LAYOUT);
    }
}

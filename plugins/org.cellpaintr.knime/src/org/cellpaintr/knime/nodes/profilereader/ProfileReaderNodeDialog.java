package org.cellpaintr.knime.nodes.profilereader;

import org.cellpaintr.knime.base.SettingsDialog;

/** Dialog of the ProfileReader node: one field per saved key. */
final class ProfileReaderNodeDialog extends SettingsDialog {

    ProfileReaderNodeDialog() {
        super(ProfileReaderNodeModel.LAYOUT);
    }
}

package org.cellpaintr.knime.nodes.intersect;

import org.cellpaintr.knime.base.SettingsDialog;

/** Dialog of the IntersectFeatures node: one field per saved key. */
final class IntersectFeaturesNodeDialog extends SettingsDialog {

    IntersectFeaturesNodeDialog() {
        super(IntersectFeaturesNodeModel.LAYOUT);
    }
}

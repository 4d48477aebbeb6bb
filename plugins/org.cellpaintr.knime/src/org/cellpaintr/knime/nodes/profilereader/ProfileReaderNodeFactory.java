package org.cellpaintr.knime.nodes.profilereader;

import org.cellpaintr.knime.base.CellPainTRNodeFactory;
import org.knime.core.node.NodeDialogPane;

/** Factory of the ProfileReader node; its description is ProfileReaderNodeFactory.xml next to it. The class name is part of saved workflows. */
public final class ProfileReaderNodeFactory extends CellPainTRNodeFactory<ProfileReaderNodeModel> {

    @Override
    public ProfileReaderNodeModel createNodeModel() {
        return new ProfileReaderNodeModel();
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new ProfileReaderNodeDialog();
    }
}

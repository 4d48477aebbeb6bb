package org.cellpaintr.knime.nodes.intersect;

import org.cellpaintr.knime.base.CellPainTRNodeFactory;
import org.knime.core.node.NodeDialogPane;

/** Factory of the IntersectFeatures node; its description is IntersectFeaturesNodeFactory.xml next to it. The class name is part of saved workflows. */
public final class IntersectFeaturesNodeFactory extends CellPainTRNodeFactory<IntersectFeaturesNodeModel> {

    @Override
    public IntersectFeaturesNodeModel createNodeModel() {
        return new IntersectFeaturesNodeModel();
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new IntersectFeaturesNodeDialog();
    }
}

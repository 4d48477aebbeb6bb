package org.cellpaintr.knime.nodes;

import org.cellpaintr.engine.correct.CorrectionCodec;
import org.cellpaintr.engine.intersect.IntersectCodec;
import org.cellpaintr.engine.io.ReaderCodec;
import org.cellpaintr.engine.metrics.ScoreCodec;
import org.cellpaintr.engine.normalize.NormalizeCodec;
import org.cellpaintr.engine.settings.SettingValue;
import org.cellpaintr.engine.settings.NodeOnlyKeys;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.cellpaintr.model.archive.ModelReaderCodec;
import org.cellpaintr.model.archive.ModelWriterCodec;
import org.cellpaintr.model.embed.EmbedCodec;
import org.cellpaintr.model.proxy.SelectProxyCodec;
import org.cellpaintr.model.trainstage.TrainStageCodec;

/**
 * The nodes of this bundle with the keys each saves. KNIME-free (it names factories, it does not load them), so
 * the tests walk every node's settings, description and plugin.xml entry from one list.
 */
public enum NodeCatalog {
    PROFILE_READER("profilereader", "ProfileReader", 0, 1, NodeSettingsLayout.of(new ReaderCodec())),
    NORMALIZE("normalize", "Normalize", 1, 2, NodeSettingsLayout.withTable(new NormalizeCodec())),
    INTERSECT_FEATURES("intersect", "IntersectFeatures", 3, 2, NodeSettingsLayout.withTable(new IntersectCodec())),
    TRAIN_STAGE("trainstage", "TrainStage", 2, 2, NodeSettingsLayout.withTable(new TrainStageCodec())),
    EMBED("embed", "Embed", 2, 1, NodeSettingsLayout.withTable(new EmbedCodec())),
    SCORE_BATCH_CORRECTION("score", "ScoreBatchCorrection", 4, 2, NodeSettingsLayout.withTable(new ScoreCodec())
            .extra(NodeOnlyKeys.REPRESENTATIONS, SettingValue.of(NodeOnlyKeys.DEFAULT_REPRESENTATIONS))),
    BATCH_CORRECT("correct", "BatchCorrect", 1, 1, NodeSettingsLayout.withTable(new CorrectionCodec())),
    MODEL_WRITER("modelwriter", "ModelWriter", 1, 0, NodeSettingsLayout.of(new ModelWriterCodec())),
    MODEL_READER("modelreader", "ModelReader", 0, 1, NodeSettingsLayout.of(new ModelReaderCodec())),
    SELECT_PROXY_TOKEN("proxy", "SelectProxyToken", 3, 2, NodeSettingsLayout.withTable(new SelectProxyCodec()));

    private final String pkg;
    private final String simpleName;
    private final int inPorts;
    private final int outPorts;
    private final NodeSettingsLayout layout;

    NodeCatalog(String pkg, String simpleName, int inPorts, int outPorts, NodeSettingsLayout layout) {
        this.pkg = pkg;
        this.simpleName = simpleName;
        this.inPorts = inPorts;
        this.outPorts = outPorts;
        this.layout = layout;
    }

    /** Data and model ports in (KNIME's flow-variable port not counted), as the node description lists them. */
    public int inPorts() {
        return inPorts;
    }

    public int outPorts() {
        return outPorts;
    }

    public NodeSettingsLayout layout() {
        return layout;
    }

    public String factoryClass() {
        return "org.cellpaintr.knime.nodes." + pkg + "." + simpleName + "NodeFactory";
    }

    /** The node description, next to the factory (KNIME reads {@code <Factory>.xml}). */
    public String descriptionResource() {
        return "/" + factoryClass().replace('.', '/') + ".xml";
    }
}

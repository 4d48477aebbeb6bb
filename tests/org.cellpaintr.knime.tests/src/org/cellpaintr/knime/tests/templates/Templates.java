package org.cellpaintr.knime.tests.templates;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.cellpaintr.cli.DemoConfiguration;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.correct.SpheringVariant;
import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.io.FeatureRuleKeys;
import org.cellpaintr.engine.io.ReaderSettings;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.settings.NodeOnlyKeys;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.model.archive.ModelReaderCodec;
import org.cellpaintr.model.archive.ModelWriterCodec;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.embed.EmbedCodec;
import org.cellpaintr.model.embed.EmbedSettings;
import org.cellpaintr.model.proxy.ProxyStrategy;
import org.cellpaintr.model.proxy.SelectProxyCodec;
import org.cellpaintr.model.proxy.SelectProxySettings;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainstage.TrainStageSettings;

/**
 * The three workflow templates under {@code workflows/}. Every CellPainTR node's settings are its operation's
 * settings record encoded by the operation's codec, completed and checked by the node's {@code NodeSettingsLayout}:
 * the code the node loads its settings with. Training uses the demo configuration of {@code cellpaintr example}
 * (small network, two epochs per stage) so a template runs in minutes on a laptop.
 */
public final class Templates {

    public static final String TRAIN = "CellPainTR-Train-Curriculum";
    public static final String APPLY = "CellPainTR-Apply-To-New-Dataset";
    public static final String BENCHMARK = "CellPainTR-Benchmark";

    /** Where Train writes the model and Apply reads it: next to the workflows, in the same workflow group. */
    static final String MODEL_URL = "knime://knime.workflow/../cellpaintr-curriculum.model";

    // Dahlin et al. cell-injury columns (workflows/data/README.md)
    static final String PLATE = "Plate";
    static final String WELL = "Well";
    static final String BATCH = "Experimental Condition [Experimental Batch]";
    static final String COMPOUND = "Compound Name";
    static final String CONTROL = "Control Type";
    // CPJUMP1 pilot columns
    static final String J_PLATE = "Metadata_Plate";
    static final String J_WELL = "Metadata_Well";
    static final String J_COMPOUND = "Metadata_pert_iname";
    static final String J_CONTROL = "Metadata_control_type";

    /**
     * Score Batch Correction reads every input with one feature rule, and an embedding's columns ({@code emb_0}, ...)
     * are no CellProfiler measurements: Score nodes that get an embedding name both kinds of feature column.
     */
    static final String EMBEDDING_FEATURES = "emb_[0-9]+";
    static final String EMBEDDING_AND_PROFILE_FEATURES = EMBEDDING_FEATURES + "|(Cells|Cytoplasm|Nuclei)_.+";

    static final TemplateNode.ProvidingBundle CELLPAINTR = new TemplateNode.ProvidingBundle("CellPainTR KNIME nodes",
            "org.cellpaintr.knime", "CellPainTR for KNIME", "0.1.0", "CellPainTR for KNIME",
            "org.cellpaintr.feature.feature.group", "CellPainTR for KNIME", "0.1.0");

    /**
     * Two plates of each experimental batch, without BR00110028 (its one well with a compound ID but no name would
     * stop the scoring): 834 wells, enough for two batches and replicate compounds.
     */
    static final DataFile DAHLIN = new DataFile("dahlin_cell_injury/aligned_plate_holdout.csv.gz", "dahlin_4_plates.csv.gz",
            PLATE, List.of("BR00110021", "BR00110024", "BR00114088", "BR00114092"),
            "two plates of each of the two experimental batches; every well has a compound name");
    /** Four CPJUMP1 compound plates, each well once. */
    static final DataFile CPJUMP1 = new DataFile("cpjump1_jump_pilot/overlapping_jump_data.csv.gz",
            "cpjump1_4_plates.csv.gz", J_PLATE, List.of("BR00116991", "BR00116992", "BR00116993", "BR00116994"),
            "four compound plates; the source file lists every well twice, kept once here");

    private Templates() {
    }

    public static List<WorkflowTemplate> all() throws SettingsException {
        return List.of(train(), apply(), benchmark());
    }

    // ---------------------------------------------------------------------------------------------------------

    static WorkflowTemplate train() throws SettingsException {
        List<TemplateNode> n = new ArrayList<>();
        n.add(profileReader(1, DAHLIN, "Dahlin cell-injury plates", 40, 120));
        n.add(normalizeDahlin(2, 190, 120));
        n.addAll(curriculum(3, 340, 120));
        n.add(embedDahlin(6, 790, 120));
        n.add(ours(7, NodeCatalog.SCORE_BATCH_CORRECTION, scoreDahlin(), "CellPainTR vs normalised profiles", 940, 120,
                NodeOnlyKeys.REPRESENTATIONS, List.of("CellPainTR", "normalised", "input 3", "input 4"),
                FeatureRuleKeys.PATTERN, EMBEDDING_AND_PROFILE_FEATURES));
        n.add(ours(8, NodeCatalog.MODEL_WRITER, new ModelWriterCodec().encode(new ModelWriterCodec.Settings(MODEL_URL, true)),
                "model for the Apply template", 790, 260));
        List<Connection> c = new ArrayList<>(List.of(
                new Connection(1, 1, 2, 1),
                // every stage trains on the normalised table and continues the previous stage's model
                new Connection(2, 1, 3, 1), new Connection(2, 1, 4, 1), new Connection(3, 1, 4, 2),
                new Connection(2, 1, 5, 1), new Connection(4, 1, 5, 2),
                new Connection(5, 1, 6, 1), new Connection(2, 1, 6, 2),
                new Connection(6, 1, 7, 1), new Connection(2, 1, 7, 2),
                new Connection(5, 1, 8, 1)));
        return new WorkflowTemplate(TRAIN, "Train the CellPainTR curriculum (masked feature modelling, SupCon within "
                + "source, SupCon across sources) on four Dahlin cell-injury plates, embed them and score batch "
                + "correction against the normalised profiles; the model is written next to this workflow for the "
                + "Apply template.", n, c, List.of(DAHLIN));
    }

    static WorkflowTemplate apply() throws SettingsException {
        List<TemplateNode> n = new ArrayList<>();
        n.add(ours(1, NodeCatalog.MODEL_READER, new ModelReaderCodec().encode(new ModelReaderCodec.Settings(MODEL_URL,
                DeviceChoice.cpu())), "model of the Train template", 40, 40));
        n.add(profileReader(2, CPJUMP1, "CPJUMP1 pilot plates (unseen)", 40, 180));
        n.add(ours(3, NodeCatalog.NORMALIZE, new org.cellpaintr.engine.normalize.NormalizeCodec().encode(
                NormalizeSettings.authors(List.of(J_PLATE), J_CONTROL, List.of("negcon"))), "per plate vs DMSO", 190, 180));
        n.add(ours(4, NodeCatalog.INTERSECT_FEATURES, new org.cellpaintr.engine.intersect.IntersectCodec().defaults(), "to the model's features", 340, 180));
        n.add(ours(5, NodeCatalog.SELECT_PROXY_TOKEN, new SelectProxyCodec().encode(new SelectProxyCodec.Saved(
                SelectProxySettings.defaults("CPJUMP1", ProxyStrategy.AUTOMATIC), DeviceChoice.cpu())),
                "closest trained source", 490, 100));
        n.add(ours(6, NodeCatalog.EMBED, new EmbedCodec().encode(new EmbedCodec.Saved(EmbedSettings.withProxy("CPJUMP1"),
                DeviceChoice.cpu())), "with the proxy token", 640, 180));
        n.add(ours(7, NodeCatalog.SCORE_BATCH_CORRECTION, new org.cellpaintr.engine.metrics.ScoreCodec().encode(
                ScoreSettings.defaults(J_PLATE, J_COMPOUND, J_PLATE, J_WELL, J_CONTROL, "negcon", null)
                        .withNullSize(2000)), "embedding vs intersected profiles", 790, 180,
                NodeOnlyKeys.REPRESENTATIONS, List.of("CellPainTR (proxy)", "intersected", "input 3", "input 4"),
                FeatureRuleKeys.PATTERN, EMBEDDING_AND_PROFILE_FEATURES));
        List<Connection> c = List.of(
                new Connection(2, 1, 3, 1), new Connection(3, 1, 4, 1), new Connection(1, 1, 4, 3),
                new Connection(1, 1, 5, 1), new Connection(4, 1, 5, 2),
                new Connection(5, 1, 6, 1), new Connection(4, 1, 6, 2),
                new Connection(6, 1, 7, 1), new Connection(4, 1, 7, 2));
        return new WorkflowTemplate(APPLY, "Apply a trained CellPainTR model to a dataset it has never seen (CPJUMP1 "
                + "pilot plates): align the features to the model's, choose the proxy source token, embed and score. "
                + "Run the Train template first; both must sit in the same workflow group.", n, c, List.of(CPJUMP1));
    }

    static WorkflowTemplate benchmark() throws SettingsException {
        List<TemplateNode> n = new ArrayList<>();
        n.add(profileReader(1, DAHLIN, "Dahlin cell-injury plates", 40, 200));
        n.add(normalizeDahlin(2, 190, 200));
        n.add(ours(3, NodeCatalog.BATCH_CORRECT, correction(CorrectionSettings.combat(BATCH, List.of(), true)), "ComBat",
                340, 40));
        n.add(ours(4, NodeCatalog.BATCH_CORRECT, correction(CorrectionSettings.harmony(BATCH, HarmonyOptions.defaults())),
                "Harmony", 340, 120));
        n.add(ours(5, NodeCatalog.BATCH_CORRECT, correction(CorrectionSettings.sphering(CONTROL, "Negative",
                SpheringVariant.ZCA_COR, 1e-6)), "Sphering (ZCA-cor on DMSO)", 340, 200));
        n.addAll(curriculum(6, 340, 320));
        n.add(embedDahlin(9, 790, 320));
        n.add(ours(10, NodeCatalog.SCORE_BATCH_CORRECTION, scoreDahlin(), "normalised and classical corrections", 640, 120,
                NodeOnlyKeys.REPRESENTATIONS, List.of("normalised", "ComBat", "Harmony", "Sphering")));
        n.add(ours(11, NodeCatalog.SCORE_BATCH_CORRECTION, scoreDahlin(), "CellPainTR", 940, 320,
                NodeOnlyKeys.REPRESENTATIONS, List.of("CellPainTR", "input 2", "input 3", "input 4"),
                FeatureRuleKeys.PATTERN, EMBEDDING_FEATURES));
        n.add(KnimeNodes.concatenate(12, "one comparison table", 1090, 200));
        n.add(KnimeNodes.barChart(13, "metric value per representation", 1240, 120));
        n.add(KnimeNodes.scatterPlot(14, "CellPainTR embedding by batch", 1090, 400));
        List<Connection> c = List.of(
                new Connection(1, 1, 2, 1),
                new Connection(2, 1, 3, 1), new Connection(2, 1, 4, 1), new Connection(2, 1, 5, 1),
                new Connection(2, 1, 6, 1), new Connection(2, 1, 7, 1), new Connection(6, 1, 7, 2),
                new Connection(2, 1, 8, 1), new Connection(7, 1, 8, 2),
                new Connection(8, 1, 9, 1), new Connection(2, 1, 9, 2),
                new Connection(2, 1, 10, 1), new Connection(3, 1, 10, 2), new Connection(4, 1, 10, 3),
                new Connection(5, 1, 10, 4),
                new Connection(9, 1, 11, 1),
                new Connection(10, 1, 12, 1), new Connection(11, 1, 12, 2),
                new Connection(12, 1, 13, 1),
                new Connection(9, 1, 14, 1));
        return new WorkflowTemplate(BENCHMARK, "One normalised table (four Dahlin cell-injury plates) scored raw, after "
                + "ComBat, Harmony and Sphering, and after the CellPainTR curriculum; the metric tables concatenated "
                + "into one comparison and shown in KNIME's Bar Chart; the embedding in KNIME's Scatter Plot.", n, c,
                List.of(DAHLIN));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static TemplateNode profileReader(int id, DataFile f, String what, int x, int y) throws SettingsException {
        return ours(id, NodeCatalog.PROFILE_READER, new org.cellpaintr.engine.io.ReaderCodec().encode(new ReaderSettings(
                "knime://knime.workflow/data/" + f.target(), FeatureColumnRule.CELLPROFILER)), what, x, y);
    }

    private static TemplateNode normalizeDahlin(int id, int x, int y) throws SettingsException {
        return ours(id, NodeCatalog.NORMALIZE, new org.cellpaintr.engine.normalize.NormalizeCodec().encode(
                NormalizeSettings.authors(List.of(PLATE), CONTROL, List.of("Negative"))), "per plate vs DMSO", x, y);
    }

    /** Train Stage 1, 2 and 3 with ids first, first + 1, first + 2 (the columns cellpaintr example uses). */
    private static List<TemplateNode> curriculum(int first, int x, int y) throws SettingsException {
        List<TemplateNode> out = new ArrayList<>();
        String[] what = {"Stage 1: masked feature modelling", "Stage 2: SupCon within source",
            "Stage 3: SupCon across sources"};
        for (Stage st : Stage.values()) {
            TrainStageSettings s = TrainStageSettings.of(DemoConfiguration.training(st), BATCH, PLATE,
                    st == Stage.MASKED_MODELLING ? null : COMPOUND).withNewModel(DemoConfiguration.network());
            out.add(ours(first + st.number() - 1, NodeCatalog.TRAIN_STAGE,
                    new org.cellpaintr.model.trainstage.TrainStageCodec().encode(s), what[st.number() - 1],
                    x + 150 * (st.number() - 1), y));
        }
        return out;
    }

    private static TemplateNode embedDahlin(int id, int x, int y) throws SettingsException {
        return ours(id, NodeCatalog.EMBED, new EmbedCodec().encode(new EmbedCodec.Saved(EmbedSettings.bySourceColumn(BATCH),
                DeviceChoice.cpu())), "source = experimental batch", x, y);
    }

    private static SettingsTree scoreDahlin() {
        return new org.cellpaintr.engine.metrics.ScoreCodec().encode(ScoreSettings.defaults(BATCH, COMPOUND, PLATE, WELL,
                CONTROL, "Negative", "Positive").withNullSize(2000));
    }

    private static SettingsTree correction(CorrectionSettings s) {
        return new org.cellpaintr.engine.correct.CorrectionCodec().encode(s);
    }

    /**
     * A CellPainTR node: the operation's encoded settings over the node's defaults (table keys, node-only keys),
     * validated by the node's layout exactly as the node validates what it loads.
     */
    static TemplateNode ours(int id, NodeCatalog node, SettingsTree operation, String description, int x, int y,
            Object... extras) throws SettingsException {
        SettingsTree t = new SettingsTree(operation);
        for (int i = 0; i < extras.length; i += 2) {
            if (extras[i + 1] instanceof String v) {
                t.put((String) extras[i], v);
            } else {
                @SuppressWarnings("unchecked")
                List<String> v = (List<String>) extras[i + 1];
                t.put((String) extras[i], v);
            }
        }
        SettingsTree full = node.layout().validate(t);
        return new TemplateNode(id, nodeName(node), node.factoryClass(), CELLPAINTR, full, description, x, y,
                node.outPorts());
    }

    /** The node's name as its description file gives it (what KNIME shows and names the node folder after). */
    public static String nodeName(NodeCatalog node) {
        try (InputStream in = NodeCatalog.class.getResourceAsStream(node.descriptionResource())) {
            if (in == null) {
                throw new IllegalStateException("no description " + node.descriptionResource());
            }
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(in).getElementsByTagName("name").item(0).getTextContent().strip();
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IllegalStateException(e);
        }
    }
}

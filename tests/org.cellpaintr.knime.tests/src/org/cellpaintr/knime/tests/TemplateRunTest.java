package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.cellpaintr.engine.intersect.IntersectCodec;
import org.cellpaintr.engine.intersect.IntersectFeatures;
import org.cellpaintr.engine.intersect.IntersectResult;
import org.cellpaintr.engine.io.ProfileFolder;
import org.cellpaintr.engine.io.ReaderSettings;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.port.ModelPortContent;
import org.cellpaintr.knime.tests.TemplateFiles.Saved;
import org.cellpaintr.knime.tests.templates.Templates;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.archive.ModelReaderCodec;
import org.cellpaintr.model.archive.ModelWriterCodec;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedCodec;
import org.cellpaintr.model.proxy.SelectProxyCodec;
import org.cellpaintr.model.proxy.SelectProxyResult;
import org.cellpaintr.model.proxy.SelectProxyToken;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageResult;
import org.cellpaintr.model.trainstage.TrainStageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Train and Apply templates run end to end on the data they carry, outside KNIME: each step is the operation
 * its node calls, with the settings read back from the committed node folders, and models travel between steps as the
 * model port carries them (the archive bytes). Train's model goes through Model Writer's file into Apply's Model
 * Reader. What this leaves to KNIME: the KNIME table between nodes (its feature rule per node is checked by
 * TemplateDataTest) and the knime:// resolution (here the workflow-relative path is resolved by hand).
 */
class TemplateRunTest {

    private static final String WORKFLOW_RELATIVE = "knime://knime.workflow/";

    @Test
    void trainThenApplyRunOnTheirOwnData(@TempDir Path tmp) throws Exception {
        Path modelFile = tmp.resolve("group/cellpaintr-curriculum.model");
        java.nio.file.Files.createDirectories(modelFile.getParent());

        // --- Train the curriculum
        Path train = TemplateFiles.workflow(Templates.TRAIN);
        List<Saved> t = TemplateFiles.settings(train);
        ModelPortContent port = null;
        try (ProfileTable raw = read(train, t); NormalizeResult norm = normalize(t, raw)) {
            ProfileTable profiles = norm.normalized();
            List<Saved> stages = t.stream().filter(s -> s.node() == NodeCatalog.TRAIN_STAGE)
                    .sorted(java.util.Comparator.comparingInt(Saved::id)).toList();
            assertEquals(3, stages.size());
            for (int i = 0; i < 3; i++) {
                TrainStageSettings s = stages.get(i).node().layout().decode(stages.get(i).settings());
                assertEquals(Stage.values()[i], s.training().stage(), "stages in curriculum order");
                CellPainTRModel start = port == null ? null : port.load(s.device());
                try {
                    TrainStageResult r = new TrainStage().execute(s, new TrainStage.Input(profiles, start, null),
                            Progress.NONE);
                    try (CellPainTRModel m = r.model(); ProfileTable log = r.log()) {
                        assertTrue(log.rowCount() > 0, "stage " + (i + 1) + " logged");
                        port = ModelPortContent.of(m);
                    }
                } finally {
                    if (start != null) {
                        start.close();
                    }
                }
            }
            Saved embed = TemplateFiles.only(t, NodeCatalog.EMBED);
            EmbedCodec.Saved es = embed.node().layout().decode(embed.settings());
            try (CellPainTRModel m = port.load(es.device());
                    ProfileTable emb = new Embed().execute(es.settings(), new Embed.Input(profiles, m), Progress.NONE)) {
                assertEquals(profiles.rowCount(), emb.rowCount());
                double overall = score(t, emb);
                double rawOverall = score(t, profiles);
                assertTrue(overall >= 0 && overall <= 1 && rawOverall >= 0 && rawOverall <= 1,
                        "overall scores lie in [0, 1]: " + overall + ", " + rawOverall);
            }
            Saved writer = TemplateFiles.only(t, NodeCatalog.MODEL_WRITER);
            ModelWriterCodec.Settings ws = writer.node().layout().decode(writer.settings());
            port.writeFile(resolve(ws.modelOut(), tmp.resolve("group/train")), ws.overwrite());
        }

        // --- Apply to a new dataset (the Apply workflow sits in the same group as Train)
        Path apply = TemplateFiles.workflow(Templates.APPLY);
        List<Saved> a = TemplateFiles.settings(apply);
        Saved reader = TemplateFiles.only(a, NodeCatalog.MODEL_READER);
        ModelReaderCodec.Settings rs = reader.node().layout().decode(reader.settings());
        Path read = resolve(rs.model(), tmp.resolve("group/apply"));
        assertEquals(modelFile, read, "Apply reads the file Train writes");
        ModelPortContent model = ModelPortContent.read(read);
        try (ProfileTable raw = read(apply, a); NormalizeResult norm = normalize(a, raw)) {
            Saved intersect = TemplateFiles.only(a, NodeCatalog.INTERSECT_FEATURES);
            IntersectCodec.Options io = intersect.node().layout().decode(intersect.settings());
            try (IntersectResult inter = new IntersectFeatures().execute(
                    io.withReference(model.description().features()), norm.normalized(), Progress.NONE)) {
                ProfileTable aligned = inter.aligned();
                assertEquals(model.description().features(), aligned.features());
                Saved proxy = TemplateFiles.only(a, NodeCatalog.SELECT_PROXY_TOKEN);
                SelectProxyCodec.Saved ps = proxy.node().layout().decode(proxy.settings());
                ModelPortContent withProxy;
                try (CellPainTRModel m = model.load(ps.device())) {
                    SelectProxyResult r = new SelectProxyToken().execute(ps.settings(),
                            new SelectProxyToken.Input(aligned, m, null), Progress.NONE);
                    try (CellPainTRModel out = r.model(); ProfileTable ranking = r.ranking()) {
                        assertTrue(ranking.rowCount() > 0, "candidates ranked");
                        withProxy = ModelPortContent.of(out);
                    }
                }
                Saved embed = TemplateFiles.only(a, NodeCatalog.EMBED);
                EmbedCodec.Saved es = embed.node().layout().decode(embed.settings());
                assertTrue(withProxy.description().sources().contains(es.settings().fixedSource()),
                        "Embed uses the source Select Proxy Token adds");
                try (CellPainTRModel m = withProxy.load(es.device());
                        ProfileTable emb = new Embed().execute(es.settings(), new Embed.Input(aligned, m),
                                Progress.NONE)) {
                    assertEquals(aligned.rowCount(), emb.rowCount());
                    double overall = score(a, emb);
                    assertTrue(overall >= 0 && overall <= 1, "overall " + overall);
                }
            }
        }
    }

    private static Path resolve(String url, Path workflowDir) {
        assertTrue(url.startsWith(WORKFLOW_RELATIVE), url);
        return workflowDir.resolve(url.substring(WORKFLOW_RELATIVE.length())).normalize();
    }

    private static ProfileTable read(Path workflow, List<Saved> nodes) throws Exception {
        Saved reader = TemplateFiles.only(nodes, NodeCatalog.PROFILE_READER);
        ReaderSettings r = reader.node().layout().decode(reader.settings());
        return ProfileFolder.read(resolve(r.input(), workflow), r.rule(), Progress.NONE);
    }

    private static NormalizeResult normalize(List<Saved> nodes, ProfileTable raw) throws Exception {
        Saved n = TemplateFiles.only(nodes, NodeCatalog.NORMALIZE);
        return new Normalize().execute(n.node().layout().decode(n.settings()), raw, Progress.NONE);
    }

    private static double score(List<Saved> nodes, ProfileTable table) throws Exception {
        Saved s = TemplateFiles.only(nodes, NodeCatalog.SCORE_BATCH_CORRECTION);
        ScoreSettings settings = s.node().layout().decode(s.settings());
        try (ScoreResult r = new ScoreBatchCorrection().execute(settings, table, Progress.NONE)) {
            return r.value(ScoreBatchCorrection.AGG_OVERALL);
        }
    }
}

package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.io.FeatureRuleKeys;
import org.cellpaintr.engine.io.ProfileFolder;
import org.cellpaintr.engine.io.ReaderSettings;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.tests.TemplateFiles.Saved;
import org.cellpaintr.knime.tests.templates.Templates;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each template's table nodes work on the data the template carries, with the settings read back from the committed
 * node folders: the Profile Reader reads its workflow-relative file, Normalize runs (its control wells exist on
 * every plate), every Batch Correct runs on the normalised table, and every Score Batch Correction and Train Stage
 * configures on it (the columns they name exist). The model-side steps of Train and Apply run in
 * {@link TemplateRunTest}.
 */
class TemplateDataTest {

    private static final String WORKFLOW_RELATIVE = "knime://knime.workflow/";

    @ParameterizedTest
    @ValueSource(strings = {Templates.TRAIN, Templates.APPLY, Templates.BENCHMARK})
    void tableNodesWorkOnTheWorkflowsOwnData(String name) throws Exception {
        Path workflow = TemplateFiles.workflow(name);
        List<Saved> nodes = TemplateFiles.settings(workflow);
        Saved reader = only(nodes, NodeCatalog.PROFILE_READER);
        ReaderSettings r = reader.node().layout().decode(reader.settings());
        assertTrue(r.input().startsWith(WORKFLOW_RELATIVE), r.input());
        Path file = workflow.resolve(r.input().substring(WORKFLOW_RELATIVE.length()));
        Saved normalize = only(nodes, NodeCatalog.NORMALIZE);
        int checked = 0;
        try (ProfileTable profiles = ProfileFolder.read(file, r.rule(), Progress.NONE);
                NormalizeResult norm = new Normalize().execute(normalize.node().layout().decode(normalize.settings()),
                        profiles, Progress.NONE)) {
            assertEquals(profiles.rowCount(), norm.normalized().rowCount());
            assertTrue(norm.normalized().features().size() > 100, "features kept: " + norm.normalized().features().size());
            ProfileSchema schema = norm.normalized().schema();
            for (Saved s : nodes) {
                switch (s.node()) {
                    case BATCH_CORRECT:
                        // run, not only configured: ComBat, Harmony and Sphering are quick at this size
                        try (ProfileTable corrected = new CorrectBatchEffects().execute(
                                s.node().layout().decode(s.settings()), norm.normalized(), Progress.NONE)) {
                            assertEquals(norm.normalized().rowCount(), corrected.rowCount());
                            assertEquals(schema.features(), corrected.features(), "corrected features keep their names");
                        }
                        checked++;
                        break;
                    case SCORE_BATCH_CORRECTION:
                        new ScoreBatchCorrection().configure(s.node().layout().decode(s.settings()), schema);
                        scoreReadsTheFeaturesOfEveryInput(s, nodes, TemplateFiles.links(workflow), schema);
                        checked++;
                        break;
                    case TRAIN_STAGE:
                        TrainStageSettings ts = s.node().layout().decode(s.settings());
                        if (ts.training().stage().contrastive()) {
                            // every column is found; what is left is the model, which the connection supplies
                            SettingsException e = assertThrows(SettingsException.class,
                                    () -> new TrainStage().configure(ts, new TrainStage.Spec(schema, null)));
                            assertTrue(e.getMessage().contains("connect it"), e.getMessage());
                        } else {
                            new TrainStage().configure(ts, new TrainStage.Spec(schema, null));
                        }
                        checked++;
                        break;
                    default:
                        break;
                }
            }
        }
        assertTrue(checked >= 1, name + ": no table node checked");
    }

    /**
     * Score reads all its inputs with one feature rule (KNIME tables carry no roles): it must take an embedding's
     * columns from an Embed input and the CellProfiler features (of the normalised table here, named like the
     * corrected and the intersected ones) from any other, and no metadata column.
     */
    private static void scoreReadsTheFeaturesOfEveryInput(Saved score, List<Saved> nodes, List<TemplateFiles.Link> links,
            ProfileSchema profiles) throws Exception {
        Predicate<String> isFeature = FeatureRuleKeys.rule(score.settings()).compile();
        int inputs = 0;
        for (TemplateFiles.Link l : links) {
            if (l.dest() != score.id()) {
                continue;
            }
            inputs++;
            Saved source = nodes.stream().filter(n -> n.id() == l.source()).findFirst().orElseThrow();
            if (source.node() == NodeCatalog.EMBED) {
                String column = source.settings().string("prefix") + "0";
                assertTrue(isFeature.test(column), "Score #" + score.id() + " would not read " + column
                        + " of Embed #" + source.id() + " as a feature");
            } else {
                for (String f : profiles.features()) {
                    assertTrue(isFeature.test(f), "Score #" + score.id() + " would not read " + f + " as a feature");
                }
            }
        }
        assertTrue(inputs > 0, "Score #" + score.id() + " has inputs");
        for (String m : profiles.metadata().keySet()) {
            assertFalse(isFeature.test(m), "Score #" + score.id() + " would read metadata " + m + " as a feature");
        }
    }

    private static Saved only(List<Saved> nodes, NodeCatalog node) {
        List<Saved> found = nodes.stream().filter(s -> s.node() == node).toList();
        assertEquals(1, found.size(), node + " nodes");
        return found.get(0);
    }
}

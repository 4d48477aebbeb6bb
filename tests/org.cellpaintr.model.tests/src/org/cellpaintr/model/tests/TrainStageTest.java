package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.table.TextColumn;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedSettings;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageResult;
import org.cellpaintr.model.trainstage.TrainStageSettings;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Train Stage on the real Dahlin plates: the curriculum end to end, and its bad inputs. */
class TrainStageTest {

    static final String BATCH = "Experimental Condition [Experimental Batch]";
    static ProfileTable dahlin;

    @BeforeAll
    static void normalise() throws Exception {
        try (ProfileTable raw = ProfileFiles.read(DahlinPlates.file())) {
            NormalizeResult r = new Normalize().execute(
                    NormalizeSettings.authors(List.of("Plate"), "Control Type", List.of("Negative")), raw, Progress.NONE);
            r.report().close();
            dahlin = r.normalized();
        }
    }

    @AfterAll
    static void close() {
        dahlin.close();
    }

    /**
     * The authors' curriculum at a tiny size: their training settings and recipe, [SRC] at the end as in their code
     * (the recipe and the other placements are covered by RecipeTrainingTest, SourceSensitivityTest and the recipe
     * evaluation of docs/evaluation.md).
     */
    static TrainStageSettings stage(Stage stage, int epochs) {
        return TrainStageSettings.of(TrainerSettings.authors(stage).withEpochs(epochs).withSeed(5), BATCH, "Plate",
                stage.contrastive() ? "Compound Name" : null).withNewModel(Fixtures.tiny().toBuilder()
                        .sourcePlacement(org.cellpaintr.model.config.SourcePlacement.END).build());
    }

    /**
     * Replicate retrieval of the positive controls across the two experimental batches: every positive-control well
     * of batch 1 ranks the positive-control and DMSO wells of batch 2 by cosine similarity; average precision of
     * finding its own compound, averaged over queries (a plain mAP written here, independent of the scoring code).
     */
    static double crossBatchPositiveControlMap(ProfileTable emb) {
        MetadataColumn batch = emb.column(BATCH).orElseThrow();
        MetadataColumn control = emb.column("Control Type").orElseThrow();
        MetadataColumn name = emb.column("Compound Name").orElseThrow();
        List<Integer> queries = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (int r = 0; r < emb.rowCount(); r++) {
            boolean pos = "Positive".equals(control.text(r));
            boolean neg = "Negative".equals(control.text(r));
            if ("1".equals(batch.text(r)) && pos) {
                queries.add(r);
            } else if ("2".equals(batch.text(r)) && (pos || neg)) {
                targets.add(r);
            }
        }
        double sum = 0;
        for (int q : queries) {
            float[] x = emb.matrix().readRow(q);
            double[][] scored = new double[targets.size()][];
            for (int i = 0; i < targets.size(); i++) {
                int t = targets.get(i);
                scored[i] = new double[] {cosine(x, emb.matrix().readRow(t)),
                    name.text(t).equals(name.text(q)) ? 1 : 0};
            }
            java.util.Arrays.sort(scored, (a, b) -> Double.compare(b[0], a[0]));
            int hits = 0;
            double ap = 0;
            int relevant = 0;
            for (double[] s : scored) {
                relevant += (int) s[1];
            }
            for (int k = 0; k < scored.length; k++) {
                if (scored[k][1] == 1) {
                    hits++;
                    ap += (double) hits / (k + 1);
                }
            }
            sum += ap / relevant;
        }
        return sum / queries.size();
    }

    static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    static ProfileTable embed(CellPainTRModel model) throws Exception {
        return new Embed().execute(EmbedSettings.bySourceColumn(BATCH), new Embed.Input(dahlin, model), Progress.NONE);
    }

    @Test
    void theCurriculumImprovesCrossBatchReplicateRetrievalOfPositiveControls() throws Exception {
        TrainStage op = new TrainStage();
        TrainStageResult s1 = op.execute(stage(Stage.MASKED_MODELLING, 2), new TrainStage.Input(dahlin, null, null),
                Progress.NONE);
        try (CellPainTRModel model = s1.model(); ProfileTable log1 = s1.log()) {
            assertEquals(List.of("1", "2"), model.sources().names());
            double first = firstStepLoss(log1);
            double last = lastEpochLoss(log1);
            assertTrue(last < first, "stage-1 loss falls: " + first + " -> " + last);
            double before;
            try (ProfileTable e = embed(model)) {
                before = crossBatchPositiveControlMap(e);
            }
            try (ProfileTable log2 = op.execute(stage(Stage.INTRA_SOURCE, 2), new TrainStage.Input(dahlin, model, null),
                    Progress.NONE).log();
                    ProfileTable log3 = op.execute(stage(Stage.INTER_SOURCE, 2), new TrainStage.Input(dahlin, model, null),
                            Progress.NONE).log();
                    ProfileTable e = embed(model)) {
                double after = crossBatchPositiveControlMap(e);
                System.out.printf("cross-batch positive-control mAP: after stage 1 %.3f, after stages 2-3 %.3f%n", before,
                        after);
                assertTrue(after > before + 0.05, "cross-batch mAP of positive controls: stage 1 " + before
                        + ", after stages 2-3 " + after);
                assertEquals(3, model.provenance().stages().size(), "every stage is in the provenance");
                assertTrue(log3.rowCount() > 0 && log2.rowCount() > 0);
            }
        }
    }

    @Test
    void heldOutPlatesReportLossAndReplicateRetrievalEveryEpoch() throws Exception {
        TrainStage op = new TrainStage();
        try (CellPainTRModel model = op.execute(stage(Stage.MASKED_MODELLING, 1), new TrainStage.Input(dahlin, null, null),
                Progress.NONE).model()) {
            TrainStageSettings s = stage(Stage.INTRA_SOURCE, 2).withValidationPlates(List.of("BR00114088"))
                    .withControls("Control Type", List.of("Negative"), true);
            try (ProfileTable log = op.execute(s, new TrainStage.Input(dahlin, model, null), Progress.NONE).log()) {
                int validations = 0;
                for (int r = 0; r < log.rowCount(); r++) {
                    if ("validation".equals(log.column("kind").orElseThrow().text(r))) {
                        validations++;
                        double map = Double.parseDouble(log.column("validation_map").orElseThrow().text(r));
                        assertTrue(map > 0 && map <= 1, "validation mAP " + map);
                        assertTrue(Double.parseDouble(log.column("masked_mse").orElseThrow().text(r)) > 0);
                    } else {
                        assertTrue(log.column("validation_map").orElseThrow().isMissing(r));
                    }
                }
                assertEquals(3, validations, "before training and after each of the 2 epochs");
            }
        }
    }

    @Test
    void recomputingActivationsTrainsTheSameModel() throws Exception {
        // The setting travels settings -> operation -> every training step, and only changes how gradients are
        // obtained: one epoch of stage 1 (embedding dropout on) ends with the same parameters to float rounding.
        TrainStage op = new TrainStage();
        TrainStageSettings stored = stage(Stage.MASKED_MODELLING, 1);
        TrainStageSettings recomputed = stored.withRecomputeActivations(true);
        try (CellPainTRModel a = op.execute(stored, new TrainStage.Input(dahlin, null, null), Progress.NONE).model();
                CellPainTRModel b = op.execute(recomputed, new TrainStage.Input(dahlin, null, null), Progress.NONE)
                        .model()) {
            assertTrue(!a.recomputesActivations() && !b.recomputesActivations(),
                    "the switch belongs to the run, not to the model handed on");
            double worst = largestRelativeDifference(a, b);
            assertTrue(worst < 1e-3, "largest parameter difference relative to the tensor's scale: " + worst);
        }
    }

    @Test
    void microBatchedStepsTrainTheSameModel() throws Exception {
        // The setting travels settings -> operation -> every training step and changes only how the gradient is
        // obtained: without dropout (each micro-batch draws its own masks) one epoch of stage 1 in micro-batches of
        // 5 wells ends with the parameters of whole-batch steps, to float rounding.
        TrainStage op = new TrainStage();
        TrainStageSettings whole = stage(Stage.MASKED_MODELLING, 1);
        whole = whole.withNewModel(whole.newModel().toBuilder().embedDropout(0).residDropout(0).build());
        TrainStageSettings micro = whole.withMicroBatch(5);
        try (CellPainTRModel a = op.execute(whole, new TrainStage.Input(dahlin, null, null), Progress.NONE).model();
                CellPainTRModel b = op.execute(micro, new TrainStage.Input(dahlin, null, null), Progress.NONE)
                        .model()) {
            assertEquals(0, b.trainingMicroBatch(), "the setting belongs to the run, not to the model handed on");
            double worst = largestRelativeDifference(a, b);
            assertTrue(worst < 1e-3, "largest parameter difference relative to the tensor's scale: " + worst);
        }
    }

    /** The largest parameter difference of two models, relative to each tensor's largest value (at least 1e-3). */
    private static double largestRelativeDifference(CellPainTRModel a, CellPainTRModel b) {
        java.util.Map<String, float[]> pa = a.parameterValues();
        java.util.Map<String, float[]> pb = b.parameterValues();
        double worst = 0;
        for (String name : pa.keySet()) {
            float[] x = pa.get(name);
            float[] y = pb.get(name);
            double scale = 1e-3;
            for (float v : x) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs(x[i] - y[i]) / scale);
            }
        }
        return worst;
    }

    private static double firstStepLoss(ProfileTable log) {
        for (int r = 0; r < log.rowCount(); r++) {
            if ("step".equals(log.column("kind").orElseThrow().text(r))) {
                return Double.parseDouble(log.column("loss").orElseThrow().text(r));
            }
        }
        throw new AssertionError("no step rows");
    }

    private static double lastEpochLoss(ProfileTable log) {
        for (int r = log.rowCount() - 1; r >= 0; r--) {
            if ("epoch".equals(log.column("kind").orElseThrow().text(r))) {
                return Double.parseDouble(log.column("loss").orElseThrow().text(r));
            }
        }
        throw new AssertionError("no epoch rows");
    }

    private static String message(Throwable t) {
        return t.getMessage();
    }

    @Test
    void badInputsAreRejectedWithMessagesNamingWhatToChange() throws Exception {
        TrainStage op = new TrainStage();
        // stage 2 without a model
        assertTrue(message(assertThrows(SettingsException.class, () -> op.execute(stage(Stage.INTRA_SOURCE, 1),
                new TrainStage.Input(dahlin, null, null), Progress.NONE))).contains("connect it"));
        // no label column chosen / missing
        TrainStageSettings noLabel = TrainStageSettings.of(TrainerSettings.authors(Stage.INTRA_SOURCE), BATCH, "Plate",
                null);
        assertTrue(message(assertThrows(SettingsException.class, () -> op.configure(noLabel,
                new TrainStage.Spec(dahlin.schema(), null)))).startsWith("label column"));
        int[] rows = java.util.stream.IntStream.range(0, 64).toArray();
        try (ProfileTable small = dahlin.selectRows(rows);
                CellPainTRModel model = op.execute(stage(Stage.MASKED_MODELLING, 1), new TrainStage.Input(small, null, null),
                        Progress.NONE).model()) {
            // every label unique: no positives
            String[] unique = new String[small.rowCount()];
            for (int i = 0; i < unique.length; i++) {
                unique[i] = "w" + i;
            }
            List<MetadataColumn> meta = new ArrayList<>(small.metadata());
            meta.add(TextColumn.of("unique", unique));
            try (ProfileTable u = new ProfileTable(meta, small.features(), small.matrix().copy())) {
                TrainStageSettings s = TrainStageSettings.of(TrainerSettings.authors(Stage.INTRA_SOURCE), BATCH, "Plate",
                        "unique");
                assertTrue(message(assertThrows(SettingsException.class, () -> op.execute(s,
                        new TrainStage.Input(u, model, null), Progress.NONE))).contains("no two wells share a label"));
            }
            // a single source in stage 3
            TrainStageSettings one = new TrainStageSettings(TrainerSettings.authors(Stage.INTER_SOURCE), null, "only",
                    "Plate", false, "Compound Name", null, List.of(), false, List.of(), null, null);
            assertTrue(message(assertThrows(SettingsException.class, () -> op.execute(one,
                    new TrainStage.Input(small, model, null), Progress.NONE))).contains("source 'only'"));
            // features that are not the model's vocabulary
            int[] cols = java.util.stream.IntStream.range(1, small.features().size()).toArray();
            try (ProfileTable fewer = small.withFeatures(small.features().subList(1, small.features().size()),
                    small.matrix().selectColumns(cols))) {
                assertTrue(message(assertThrows(SettingsException.class, () -> op.execute(stage(Stage.INTRA_SOURCE, 1),
                        new TrainStage.Input(fewer, model, null), Progress.NONE))).contains("Intersect Features"));
            }
            // NaN in the features, named by row and column
            FeatureMatrix m = small.matrix().copy();
            m.set(9, 3, Float.NaN);
            try (ProfileTable nan = small.withFeatures(small.features(), m)) {
                assertTrue(message(assertThrows(SettingsException.class, () -> op.execute(stage(Stage.INTRA_SOURCE, 1),
                        new TrainStage.Input(nan, model, null), Progress.NONE)))
                        .contains("row 10 column '" + small.features().get(3) + "' = NaN"));
            }
            // an empty table
            try (ProfileTable empty = small.selectRows(new int[0])) {
                assertTrue(message(assertThrows(SettingsException.class, () -> op.execute(stage(Stage.MASKED_MODELLING, 1),
                        new TrainStage.Input(empty, null, null), Progress.NONE))).contains("no rows"));
            }
            // a held-out plate that does not exist
            TrainStageSettings badValidation = stage(Stage.MASKED_MODELLING, 1).withValidationPlates(List.of("BR-none"));
            assertTrue(message(assertThrows(SettingsException.class, () -> op.execute(badValidation,
                    new TrainStage.Input(small, model, null), Progress.NONE))).contains("plate 'BR-none'"));
        }
    }
}

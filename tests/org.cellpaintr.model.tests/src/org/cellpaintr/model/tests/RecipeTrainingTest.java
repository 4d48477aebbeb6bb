package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.StepLosses;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.loss.LossWeights;
import org.cellpaintr.model.masking.MaskSample;
import org.cellpaintr.model.trainer.LogRow;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.StageTrainer;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainer.TrainingMonitor;
import org.cellpaintr.model.trainer.TrainingRecipe;
import org.cellpaintr.model.trainer.TrainingResult;
import org.cellpaintr.model.trainer.TrainingRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recipe inside the trainer on the real Dahlin plates: balanced batches, SupCon floor, steps and schedule. */
class RecipeTrainingTest {

    private static DahlinPlates data;
    private static FeatureVocabulary vocab;

    @BeforeAll
    static void load() throws IOException {
        data = DahlinPlates.load();
        vocab = new FeatureVocabulary(data.features);
    }

    /** All Dahlin wells, DMSO without a class (a negative control is never a positive). */
    private static TrainingRows dmsoUnlabelled() {
        DahlinRows all = DahlinRows.select(data, i -> true);
        return new TrainingRows() {
            public int size() {
                return all.size();
            }

            public List<String> featureNames() {
                return all.featureNames();
            }

            public void features(int row, float[] dst) {
                all.features(row, dst);
            }

            public String source(int row) {
                return all.source(row);
            }

            public String group(int row) {
                return all.group(row);
            }

            public int label(int row) {
                return "DMSO".equals(data.compounds.get(row)) ? -1 : all.label(row);
            }
        };
    }

    /** Share of anchors that have at least one positive in their batch. */
    private static double anchorsWithPositive(List<int[]> batches, TrainingRows rows) {
        long with = 0;
        long all = 0;
        for (int[] b : batches) {
            Map<Integer, Integer> count = new HashMap<>();
            for (int r : b) {
                if (rows.label(r) >= 0) {
                    count.merge(rows.label(r), 1, Integer::sum);
                }
            }
            for (int r : b) {
                all++;
                with += rows.label(r) >= 0 && count.get(rows.label(r)) > 1 ? 1 : 0;
            }
        }
        return with / (double) all;
    }

    @Test
    void balancedBatchesHoldPCompoundsOfKReplicatesAndCappedControls() {
        TrainingRows rows = dmsoUnlabelled();
        Map<Integer, Integer> classSize = new HashMap<>();
        int controls = 0;
        for (int r = 0; r < rows.size(); r++) {
            if (rows.label(r) >= 0) {
                classSize.merge(rows.label(r), 1, Integer::sum);
            } else {
                controls++;
            }
        }
        assertTrue(controls > rows.size() / 2, "DMSO is the majority of the Dahlin wells");
        TrainerSettings balanced = TrainerSettings.defaults(Stage.INTER_SOURCE);
        TrainingRecipe.BalancedSampling p = balanced.recipe().sampling();
        List<int[]> plan = StageTrainer.batchPlan(rows, vocab, balanced, 0);
        assertEquals((rows.size() + p.batchSize() - 1) / p.batchSize(), plan.size());
        Set<Integer> used = new HashSet<>();
        for (int[] b : plan) {
            Set<Integer> distinct = new HashSet<>();
            Map<Integer, Integer> perClass = new HashMap<>();
            int ctl = 0;
            for (int r : b) {
                assertTrue(distinct.add(r), "a row at most once per batch");
                used.add(r);
                if (rows.label(r) >= 0) {
                    perClass.merge(rows.label(r), 1, Integer::sum);
                } else {
                    ctl++;
                }
            }
            assertEquals(p.labels(), perClass.size());
            perClass.forEach((c, k) -> assertEquals(Math.min(p.replicates(), classSize.get(c)), k, "class " + c));
            assertEquals(p.maxControls(), ctl, "controls capped (and there are enough of them)");
        }
        // every compound with replicates is visited in an epoch
        long compoundsWithReplicates = classSize.values().stream().filter(n -> n >= 2).count();
        Set<Integer> visited = new HashSet<>();
        used.forEach(r -> {
            if (rows.label(r) >= 0) {
                visited.add(rows.label(r));
            }
        });
        assertEquals(compoundsWithReplicates, visited.size());

        // the authors' batching: most anchors have no positive; balanced batches give almost all treated anchors one
        double authors = anchorsWithPositive(StageTrainer.batchPlan(rows, vocab, TrainerSettings.authors(
                Stage.INTER_SOURCE), 0), rows);
        double ours = anchorsWithPositive(plan, rows);
        assertTrue(ours >= 0.75 && authors < 0.25, "anchors with a positive: balanced " + ours + ", authors " + authors);

        // stage 2 keeps every batch inside one group (plate)
        for (int[] b : StageTrainer.batchPlan(rows, vocab, TrainerSettings.defaults(Stage.INTRA_SOURCE), 0)) {
            for (int r : b) {
                assertEquals(rows.group(b[0]), rows.group(r));
            }
        }
        // seeded: the same plan again, another one in the next epoch
        assertTrue(java.util.Arrays.deepEquals(plan.toArray(), StageTrainer.batchPlan(rows, vocab, balanced, 0)
                .toArray()));
        assertTrue(!java.util.Arrays.deepEquals(plan.toArray(), StageTrainer.batchPlan(rows, vocab, balanced, 1)
                .toArray()));
    }

    @Test
    void withTheAlignmentTermEveryStage3BatchHoldsControlsOfEachSourceInTurn() {
        TrainingRows rows = dmsoUnlabelled();
        TrainerSettings plain = TrainerSettings.defaults(Stage.INTER_SOURCE);
        TrainerSettings aligned = plain.withRecipe(plain.recipe().withLoss(plain.recipe().loss()
                .withAlignmentWeight(1)));
        int controls = aligned.recipe().sampling().maxControls();
        List<int[]> plan = StageTrainer.batchPlan(rows, vocab, aligned, 0);
        assertEquals(StageTrainer.batchPlan(rows, vocab, plain, 0).size(), plan.size(), "same number of batches");
        for (int[] b : plan) {
            Map<String, Integer> perSource = new HashMap<>();
            for (int r : b) {
                if (rows.label(r) < 0) {
                    perSource.merge(rows.source(r), 1, Integer::sum);
                }
            }
            // the Dahlin wells have two sources (experimental batches) with many DMSO wells each
            assertEquals(2, perSource.size(), "controls of both sources: " + perSource);
            perSource.values().forEach(n -> assertEquals(controls / 2, n, "controls taken in turn: " + perSource));
        }
        // without the term some batches miss a source's controls or are unbalanced (8 drawn from all DMSO wells)
        boolean unbalanced = false;
        for (int[] b : StageTrainer.batchPlan(rows, vocab, plain, 0)) {
            Map<String, Integer> perSource = new HashMap<>();
            for (int r : b) {
                if (rows.label(r) < 0) {
                    perSource.merge(rows.source(r), 1, Integer::sum);
                }
            }
            unbalanced |= perSource.size() < 2 || perSource.values().stream().anyMatch(n -> n != controls / 2);
        }
        assertTrue(unbalanced, "the plain sampler does not stratify (so the check above can fail)");
    }

    @Test
    void sourceDropoutTrainsASharedUnknownSourceVector() throws IOException {
        TrainingRows rows = DahlinRows.select(data, i -> i % 4 == 0);
        float[][] unknown = new float[2][];
        // 1e-12: the row is added (same seeded initial value) but never drawn, so it gets no gradient
        double[] dropout = {1e-12, 0.5};
        for (int k = 0; k < 2; k++) {
            TrainerSettings s = TrainerSettings.defaults(Stage.INTER_SOURCE).withLearningRate(3e-3).withSeed(3);
            s = s.withRecipe(s.recipe().withSteps(4).withSourceDropout(dropout[k]));
            try (CellPainTRModel m = CellPainTRModel.create(Fixtures.tiny(), vocab, List.of("batch 1", "batch 2"), 3,
                    DeviceChoice.cpu())) {
                m.provenance().addStage(new org.cellpaintr.model.provenance.StageRecord("1-masked-modelling",
                        Map.of(), 1, "", Map.of(), java.time.Instant.now(), Map.of(), List.of()));
                var r = new StageTrainer(s).train(m, rows, null, null, TrainingMonitor.silent());
                assertEquals(List.of(TrainingRecipe.UNKNOWN_SOURCE), r.addedSources());
                assertEquals(List.of("batch 1", "batch 2", TrainingRecipe.UNKNOWN_SOURCE), m.sources().names());
                assertEquals(String.valueOf(dropout[k]), r.record().settings().get("sourceDropout"));
                unknown[k] = m.sourceVector(TrainingRecipe.UNKNOWN_SOURCE);
            }
        }
        // both start from the same value; only the rows that were given it move it
        assertTrue(!java.util.Arrays.equals(unknown[0], unknown[1]), "the unknown-source vector is trained");
    }

    @Test
    void supConFloorIsTheMeanLogOfPositiveCounts() {
        int[] labels = {0, 0, 0, -1, 1, 1, 2};
        // batch 1: three anchors with 2 positives, one without -> 3 log 2 / 4
        // batch 2: two anchors with 1 positive (log 1 = 0), one alone -> 0
        double expected = (3 * Math.log(2)) / 7;
        assertEquals(expected, StageTrainer.supConFloor(List.of(new int[] {0, 1, 2, 3}, new int[] {4, 5, 6}),
                labels), 1e-12);
    }

    @Test
    void stepsDecideTheLengthAndTheLearningRateFollowsTheSchedule() throws IOException {
        TrainingRows rows = DahlinRows.select(data, i -> i % 2 == 0);
        TrainerSettings s = TrainerSettings.defaults(Stage.MASKED_MODELLING).withLearningRate(3e-3).withSeed(5);
        s = s.withRecipe(s.recipe().withSteps(40));
        try (CellPainTRModel m = CellPainTRModel.create(Fixtures.tiny(), vocab, List.of("1", "2"), 3,
                DeviceChoice.cpu())) {
            TrainingResult r = new StageTrainer(s).train(m, rows, null, null, TrainingMonitor.silent());
            List<LogRow> steps = r.log().stream().filter(l -> l.kind().equals("step")).toList();
            assertEquals(40, steps.size());
            assertEquals(1, r.log().stream().filter(l -> l.kind().equals("epoch")).count(), "40 steps < 1 epoch");
            // warm-up floor(0.05 * 40) = 2 steps, then cosine to 10% of the peak
            assertEquals(1.5e-3, steps.get(0).learningRate(), 1e-12);
            assertEquals(3e-3, steps.get(1).learningRate(), 1e-12);
            assertEquals(3e-3, steps.get(2).learningRate(), 1e-12);
            assertEquals(3e-4, steps.get(39).learningRate(), 1e-12);
            double mse0 = steps.get(0).maskedMse();
            Map<String, Double> losses = m.provenance().stages().get(0).losses();
            assertTrue(losses.get("predictMeanMse") > 0, "baseline recorded");
            assertTrue(Double.isFinite(mse0));
        }
        // longer than an epoch: the last epoch is cut at the budget
        TrainerSettings longer = s.withRecipe(s.recipe().withSteps(70));
        try (CellPainTRModel m = CellPainTRModel.create(Fixtures.tiny(), vocab, List.of("1", "2"), 3,
                DeviceChoice.cpu())) {
            TrainingResult r = new StageTrainer(longer).train(m, rows, null, null, TrainingMonitor.silent());
            assertEquals(70, r.log().stream().filter(l -> l.kind().equals("step")).count());
            assertEquals(2, r.log().stream().filter(l -> l.kind().equals("epoch")).count());
        }
    }

    @Test
    void predictTheMeanBaselineIsThePooledWithinFeatureVariance() throws IOException {
        TrainingRows rows = DahlinRows.select(data, i -> i % 3 == 0);
        // independent: per-feature mean and squared deviations over the non-zero values
        int f = vocab.size();
        double sse = 0;
        long n = 0;
        for (int i = 0; i < f; i++) {
            double sum = 0;
            int c = 0;
            float[] buf = new float[f];
            double[] vals = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                rows.features(r, buf);
                if (buf[i] != 0f) {
                    vals[c++] = buf[i];
                    sum += buf[i];
                }
            }
            double mean = sum / c;
            for (int k = 0; k < c; k++) {
                sse += (vals[k] - mean) * (vals[k] - mean);
            }
            n += c;
        }
        TrainerSettings s = TrainerSettings.authors(Stage.MASKED_MODELLING).withSeed(2);
        s = s.withRecipe(s.recipe().withSteps(2));
        try (CellPainTRModel m = CellPainTRModel.create(Fixtures.tiny(), vocab, List.of("1", "2"), 3,
                DeviceChoice.cpu())) {
            new StageTrainer(s).train(m, rows, null, null, TrainingMonitor.silent());
            assertEquals(sse / n, m.provenance().stages().get(0).losses().get("predictMeanMse"), 1e-6 * sse / n);
        }
    }

    @Test
    void relativeMseDividesByTheMaskedTargetsVarianceAndWeightsScaleTheTotal() {
        FeatureVocabulary v = Fixtures.vocabulary(20);
        float[] values = Fixtures.gaussian(6 * 20, 4);
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] * 5 + 2;   // variance about 25: the authors'-preset scale
        }
        try (CellPainTRModel m = CellPainTRModel.create(Fixtures.tiny(), v, List.of("a"), 1, DeviceChoice.cpu())) {
            TrainingBatch b = new TrainingBatch(values, 6, new int[6], new int[] {0, 0, 1, 1, 2, 2}, 0);
            MaskSample mask = m.sampleMask(b, new SplittableRandom(3), 0.3, 0.6);
            assertTrue(mask.ratio() >= 0.3 && mask.ratio() < 0.6);
            double var = LossWeights.maskedTargetVariance(values, mask.masked());
            try (TrainingStep plain = m.newTrainingStep(); TrainingStep rel = m.newTrainingStep()) {
                StepLosses p = plain.evaluate(b, mask, new LossWeights(1, false, 0.5, 0.1));
                StepLosses r = rel.evaluate(b, mask, new LossWeights(2, true, 0.5, 0.1));
                assertEquals(p.maskedMse(), r.maskedMse(), 1e-6, "the logged MSE is always the plain one");
                assertEquals(p.supCon(), r.supCon(), 1e-6);
                assertEquals(p.maskedMse() + 0.5 * p.supCon(), p.total(), 1e-4 * p.total());
                assertEquals(2 * r.maskedMse() / var + 0.5 * r.supCon(), r.total(), 1e-4 * r.total());
            }
        }
    }
}

package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.provenance.StageRecord;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.trainer.LogRow;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainer.StageTrainer;
import org.cellpaintr.model.trainer.TrainingCancelledException;
import org.cellpaintr.model.trainer.TrainingException;
import org.cellpaintr.model.trainer.TrainingMonitor;
import org.cellpaintr.model.trainer.TrainingResult;
import org.cellpaintr.model.trainer.TrainingRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage trainer on the real Dahlin plates with a tiny model. */
class StageTrainerTest {

    private static DahlinPlates data;
    private static FeatureVocabulary vocab;
    private static final CellPainTRConfig TINY = CellPainTRConfig.builder().dModel(8).layers(1).filterWidth(8)
            .mlpWidth(16).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        data = DahlinPlates.load();
        vocab = new FeatureVocabulary(data.features);
    }

    private static CellPainTRModel fresh() {
        return CellPainTRModel.create(TINY, vocab, List.of("batch 1"), 11, DeviceChoice.cpu());
    }

    /** Every other row: about 970 wells on all nine plates, so an epoch is about 60 steps. */
    private static TrainingRows half() {
        return DahlinRows.select(data, i -> i % 2 == 0);
    }

    private static TrainerSettings stage1(int epochs) {
        return TrainerSettings.authors(Stage.MASKED_MODELLING).withEpochs(epochs).withLearningRate(3e-3).withSeed(5);
    }

    @Test
    void sameSeedGivesBitIdenticalParameters() throws IOException {
        Map<String, float[]> a;
        Map<String, float[]> b;
        try (CellPainTRModel m = fresh()) {
            new StageTrainer(stage1(1)).train(m, half(), null, null, TrainingMonitor.silent());
            a = m.parameterValues();
        }
        try (CellPainTRModel m = fresh()) {
            new StageTrainer(stage1(1)).train(m, half(), null, null, TrainingMonitor.silent());
            b = m.parameterValues();
        }
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name);
        }
        try (CellPainTRModel m = fresh()) {
            new StageTrainer(stage1(1).withSeed(6)).train(m, half(), null, null, TrainingMonitor.silent());
            assertFalse(java.util.Arrays.equals(a.get("head.dense.weight"),
                    m.parameterValues().get("head.dense.weight")), "another seed must train differently");
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws IOException {
        TrainerSettings s = stage1(2);
        Map<String, float[]> uninterrupted;
        List<LogRow> fullLog;
        try (CellPainTRModel m = fresh()) {
            TrainingResult r = new StageTrainer(s).train(m, half(), null, dir.resolve("a.ckpt"),
                    TrainingMonitor.silent());
            uninterrupted = m.parameterValues();
            fullLog = r.log();
        }
        Path ckpt = dir.resolve("b.ckpt");
        AtomicInteger polls = new AtomicInteger();
        int stopAt = fullLog.stream().filter(r -> r.kind().equals("step") && r.epoch() == 0).toList().size() + 7;
        try (CellPainTRModel m = fresh()) {
            TrainingMonitor cancelling = new TrainingMonitor() {
                @Override
                public void progress(double fraction, String message) {
                }

                @Override
                public boolean cancelled() {
                    return polls.incrementAndGet() > stopAt; // cancel 7 steps into the second epoch
                }
            };
            assertThrows(TrainingCancelledException.class,
                    () -> new StageTrainer(s).train(m, half(), null, ckpt, cancelling));
        }
        assertTrue(Files.exists(ckpt));
        try (CellPainTRModel m = fresh()) {
            TrainingResult r = new StageTrainer(s).train(m, half(), null, ckpt, TrainingMonitor.silent());
            assertEquals(1, r.resumedFromEpoch());
            Map<String, float[]> resumed = m.parameterValues();
            for (String name : uninterrupted.keySet()) {
                assertArrayEquals(uninterrupted.get(name), resumed.get(name), name);
            }
            assertEquals(fullLog.size(), r.log().size());
            for (int i = 0; i < fullLog.size(); i++) {
                assertEquals(fullLog.get(i).total(), r.log().get(i).total(), 0, "log row " + i);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void maskedModellingLossFallsAndStagesTwoAndThreeRun() throws IOException {
        CellPainTRConfig small = TINY.toBuilder().dModel(16).filterWidth(16).mlpWidth(32).build();
        try (CellPainTRModel m = CellPainTRModel.create(small, vocab, List.of("batch 1"), 11, DeviceChoice.cpu())) {
            TrainingRows heldOut = DahlinRows.select(data, i -> i % 2 == 1);
            TrainingResult r1 = new StageTrainer(stage1(3)).train(m, half(), heldOut, null,
                    TrainingMonitor.silent());
            List<LogRow> epochs = r1.log().stream().filter(r -> r.kind().equals("epoch")).toList();
            assertEquals(3, epochs.size());
            assertTrue(epochs.get(2).maskedMse() < epochs.get(0).maskedMse(),
                    "epoch mean masked MSE " + epochs.get(0).maskedMse() + " -> " + epochs.get(2).maskedMse());
            List<LogRow> val = r1.log().stream().filter(r -> r.kind().equals("validation")).toList();
            assertEquals(4, val.size()); // before training and after each epoch
            assertEquals(-1, val.get(0).epoch());
            assertTrue(val.get(3).maskedMse() < 0.85 * val.get(0).maskedMse(),
                    "held-out masked MSE " + val.get(0).maskedMse() + " -> " + val.get(3).maskedMse());
            assertEquals(List.of("batch 2"), r1.addedSources(), "the second Dahlin batch extends the codebook");

            TrainingResult r2 = new StageTrainer(TrainerSettings.authors(Stage.INTRA_SOURCE).withEpochs(2)
                    .withLearningRate(3e-3).withSourceTableOnlyFirstEpoch(true)).train(m, half(), null, null,
                            TrainingMonitor.silent());
            TrainingResult r3 = new StageTrainer(TrainerSettings.authors(Stage.INTER_SOURCE).withEpochs(2)
                    .withLearningRate(3e-3)).train(m, half(), heldOut, null, TrainingMonitor.silent());
            List<LogRow> e3 = r3.log().stream().filter(r -> r.kind().equals("epoch")).toList();
            assertTrue(Double.isFinite(e3.get(1).supCon()));
            assertTrue(e3.get(1).supCon() < e3.get(0).supCon() + 0.05, "SupCon " + e3);
            assertEquals(3, r3.log().stream().filter(r -> r.kind().equals("validation")).count());
            List<StageRecord> history = m.provenance().stages();
            assertEquals(List.of("1-masked-modelling", "2-intra-source", "3-inter-source"),
                    history.stream().map(StageRecord::stage).toList());
            assertTrue(history.get(0).dataFingerprint().startsWith("sha256:"));
            assertTrue(r2.record().settings().get("sourceTableOnlyFirstEpoch").equals("true"));
        }
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        try (CellPainTRModel m = fresh()) {
            TrainingRows rows = half();
            // stage 2 on an untrained model
            TrainingException e = assertThrows(TrainingException.class, () -> new StageTrainer(
                    TrainerSettings.authors(Stage.INTRA_SOURCE)).train(m, rows, null, null, TrainingMonitor.silent()));
            assertTrue(e.getMessage().contains("stage 1"), e.getMessage());
            m.provenance().addStage(new StageRecord("1-masked-modelling", Map.of(), 1, "", Map.of(), Instant.now(),
                    Map.of(), List.of()));
            // every label unique
            TrainingRows unique = new Wrapped(rows) {
                @Override
                public int label(int row) {
                    return row;
                }
            };
            e = assertThrows(TrainingException.class, () -> new StageTrainer(
                    TrainerSettings.authors(Stage.INTRA_SOURCE)).train(m, unique, null, null, TrainingMonitor.silent()));
            assertTrue(e.getMessage().contains("positives"), e.getMessage());
            // one source in stage 3
            TrainingRows oneSource = new Wrapped(rows) {
                @Override
                public String source(int row) {
                    return "batch 1";
                }
            };
            e = assertThrows(TrainingException.class, () -> new StageTrainer(
                    TrainerSettings.authors(Stage.INTER_SOURCE)).train(m, oneSource, null, null,
                            TrainingMonitor.silent()));
            assertTrue(e.getMessage().contains("single source (batch 1)"), e.getMessage());
            // NaN value
            TrainingRows nan = new Wrapped(rows) {
                @Override
                public void features(int row, float[] dst) {
                    super.features(row, dst);
                    if (row == 3) {
                        dst[5] = Float.NaN;
                    }
                }
            };
            e = assertThrows(TrainingException.class, () -> new StageTrainer(stage1(1)).train(m, nan, null, null,
                    TrainingMonitor.silent()));
            assertTrue(e.getMessage().contains("row 4 column " + data.features.get(5)), e.getMessage());
            // features not aligned
            TrainingRows shuffled = new Wrapped(rows) {
                @Override
                public List<String> featureNames() {
                    return data.features.subList(1, data.features.size());
                }
            };
            e = assertThrows(TrainingException.class, () -> new StageTrainer(stage1(1)).train(m, shuffled, null,
                    null, TrainingMonitor.silent()));
            assertTrue(e.getMessage().contains("Intersect Features") && e.getMessage().contains(data.features.get(0)),
                    e.getMessage());
            // empty
            TrainingRows empty = DahlinRows.select(data, i -> false);
            e = assertThrows(TrainingException.class, () -> new StageTrainer(stage1(1)).train(m, empty, null, null,
                    TrainingMonitor.silent()));
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
        }
    }

    @Test
    void nonFiniteBatchesAreSkippedThenTrainingStops() {
        TrainingRows rows = half();
        TrainingRows huge = new Wrapped(rows) {
            @Override
            public void features(int row, float[] dst) {
                super.features(row, dst);
                java.util.Arrays.fill(dst, 3e38f); // squares overflow float32: the loss is infinite
            }
        };
        try (CellPainTRModel m = fresh()) {
            // a limit of 2% of the batches (about 60 batches, so 1): the second skipped batch stops the run
            TrainingException e = assertThrows(TrainingException.class, () -> new StageTrainer(stage1(1)
                    .withMaxSkippedFraction(0.02)).train(m, huge, null, null, TrainingMonitor.silent()));
            assertTrue(e.getMessage().contains("2 of 2 batches had a non-finite loss or gradient (limit 1 of "),
                    e.getMessage());
        }
    }

    @Test
    void aDivergedRunFailsInsteadOfProducingAModel() {
        // learning rate 1e3: after the first update every loss is non-finite (or the parameters are); with a fixed
        // limit of 100 skipped batches this run of about 60 batches used to succeed
        try (CellPainTRModel m = fresh()) {
            TrainingException e = assertThrows(TrainingException.class, () -> new StageTrainer(stage1(1)
                    .withLearningRate(1e3)).train(m, half(), null, null, TrainingMonitor.silent()));
            assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> stage1(1).withLearningRate(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> stage1(1).withMaxSkippedFraction(1.5));
    }

    @Test
    void aResumeWithAnotherStartingModelOrSettingIsRefusedNamingTheDifference() throws IOException {
        TrainerSettings s = stage1(2);
        Path ckpt = dir.resolve("c.ckpt");
        AtomicInteger polls = new AtomicInteger();
        try (CellPainTRModel m = fresh()) {
            TrainingMonitor cancelling = new TrainingMonitor() {
                @Override
                public void progress(double fraction, String message) {
                }

                @Override
                public boolean cancelled() {
                    return polls.incrementAndGet() > 70; // in the second epoch (about 60 steps each)
                }
            };
            assertThrows(TrainingCancelledException.class,
                    () -> new StageTrainer(s).train(m, half(), null, ckpt, cancelling));
        }
        assertTrue(Files.exists(ckpt));
        try (CellPainTRModel other = fresh()) {
            Map<String, float[]> v = other.parameterValues();
            v.get("head.dense.weight")[0] += 0.5f; // another model to continue from, same shape and vocabulary
            other.copyParameters(v);
            TrainingException e = assertThrows(TrainingException.class,
                    () -> new StageTrainer(s).train(other, half(), null, ckpt, TrainingMonitor.silent()));
            assertTrue(e.getMessage().contains("the starting model"), e.getMessage());
            assertTrue(e.getMessage().contains("delete " + ckpt), e.getMessage());
        }
        try (CellPainTRModel m = fresh()) {
            TrainingException e = assertThrows(TrainingException.class, () -> new StageTrainer(s.withLearningRate(4e-3))
                    .train(m, half(), null, ckpt, TrainingMonitor.silent()));
            assertTrue(e.getMessage().contains("setting learningRate (checkpoint: 0.003, now: 0.004)"), e.getMessage());
            assertFalse(e.getMessage().contains("starting model"), e.getMessage());
        }
        try (CellPainTRModel m = fresh()) {
            assertEquals(1, new StageTrainer(s).train(m, half(), null, ckpt, TrainingMonitor.silent())
                    .resumedFromEpoch(), "the original inputs still resume");
        }
    }

    /** Delegating rows for the bad-input variants. */
    private static class Wrapped implements TrainingRows {
        private final TrainingRows inner;

        Wrapped(TrainingRows inner) {
            this.inner = inner;
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public List<String> featureNames() {
            return inner.featureNames();
        }

        @Override
        public void features(int row, float[] dst) {
            inner.features(row, dst);
        }

        @Override
        public String source(int row) {
            return inner.source(row);
        }

        @Override
        public String group(int row) {
            return inner.group(row);
        }

        @Override
        public int label(int row) {
            return inner.label(row);
        }
    }
}

package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.provenance.StageRecord;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.StageTrainer;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainer.TrainingCancelledException;
import org.cellpaintr.model.trainer.TrainingMonitor;
import org.cellpaintr.model.trainer.TrainingRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The SupCon projection head: its parameters and shapes, that only SupCon sees it (the written embedding stays
 * [CLS]), and that archives and checkpoints carry it while archives written before it existed still load.
 */
class ProjectionHeadTest {

    @TempDir
    Path dir;

    private static final CellPainTRConfig HEAD = Fixtures.tiny().toBuilder().projectionWidth(6).build();

    private static CellPainTRModel model(CellPainTRConfig c, FeatureVocabulary v) {
        return CellPainTRModel.create(c, v, List.of("a", "b"), 7, DeviceChoice.cpu());
    }

    @Test
    void theHeadMapsClsToTheConfiguredWidthAndTheEmbeddingStaysCls() {
        FeatureVocabulary v = Fixtures.vocabulary(12);
        try (CellPainTRModel m = model(HEAD, v); CellPainTRModel plain = model(Fixtures.tiny(), v)) {
            Map<String, long[]> shapes = new java.util.TreeMap<>();
            m.namedParameters().forEach((k, p) -> {
                if (k.startsWith("projection.")) {
                    shapes.put(k, p.getArray().getShape().getShape());
                }
            });
            // Linear(8 -> 8) -> GELU -> Linear(8 -> 6), PyTorch's (out, in) weight layout
            assertEquals(4, shapes.size(), shapes.keySet().toString());
            assertArrayEquals(new long[] {8, 8}, shapes.get("projection.dense.weight"));
            assertArrayEquals(new long[] {8}, shapes.get("projection.dense.bias"));
            assertArrayEquals(new long[] {6, 8}, shapes.get("projection.out.weight"));
            assertArrayEquals(new long[] {6}, shapes.get("projection.out.bias"));
            assertEquals(plain.namedParameters().size() + 4, m.namedParameters().size());
            assertTrue(plain.namedParameters().keySet().stream().noneMatch(k -> k.startsWith("projection.")));
            // the other parameters start where a model without a head starts (seeded by name)
            plain.parameterValues().forEach((k, a) -> assertArrayEquals(a, m.parameterValues().get(k), k));

            float[] values = Fixtures.gaussian(3 * 12, 4);
            float[] cls = m.embedFlat(values, 3, new int[] {0, 1, 0});
            assertEquals(3 * 8, cls.length, "the written embedding is [CLS] (width 8), not the projection");
            assertArrayEquals(plain.embedFlat(values, 3, new int[] {0, 1, 0}), cls, 0f);
            try (NDManager nd = m.manager().newSubManager()) {
                NDArray x = nd.create(cls, new Shape(3, 8));
                assertArrayEquals(new long[] {3, 6}, m.network().contrastiveView(x).getShape().getShape());
                assertSame(x, plain.network().contrastiveView(x), "no head: SupCon on [CLS] itself");
            }
        }
    }

    @Test
    void supConTrainsTheHeadAndMaskedModellingAloneDoesNot() {
        FeatureVocabulary v = Fixtures.vocabulary(12);
        try (CellPainTRModel m = model(HEAD, v)) {
            float[] values = Fixtures.gaussian(6 * 12, 5);
            TrainingBatch labelled = new TrainingBatch(values, 6, new int[] {0, 1, 0, 1, 0, 1},
                    new int[] {0, 0, 1, 1, 2, 2}, 0);
            TrainingBatch unlabelled = new TrainingBatch(values, 6, new int[6], null, 0);
            assertTrue(gradientNorm(m, labelled) > 0, "SupCon reaches the head");
            assertEquals(0.0, gradientNorm(m, unlabelled), "masked modelling does not use the head");
        }
    }

    private static double gradientNorm(CellPainTRModel m, TrainingBatch b) {
        try (TrainingStep s = m.newTrainingStep()) {
            s.forwardBackward(b, m.sampleMask(b, new SplittableRandom(2)));
            NDArray w = m.namedParameters().get("projection.out.weight").getArray();
            return w.hasGradient() ? w.getGradient().norm().getFloat() : 0.0;
        }
    }

    @Test
    void anArchiveKeepsTheHead() throws IOException {
        FeatureVocabulary v = Fixtures.vocabulary(12);
        Path p = dir.resolve("head.cptr");
        try (CellPainTRModel m = model(HEAD, v)) {
            // move the head away from its initial values, so that the check below sees saved values
            Map<String, float[]> moved = new java.util.LinkedHashMap<>(m.parameterValues());
            float[] w = moved.get("projection.out.weight").clone();
            Arrays.fill(w, 0.25f);
            moved.put("projection.out.weight", w);
            m.copyParameters(moved);
            ModelArchive.save(m, p);
            try (CellPainTRModel back = ModelArchive.load(p, DeviceChoice.cpu())) {
                assertEquals(6, back.config().projectionWidth());
                assertEquals(m.config(), back.config());
                assertEquals(m.namedParameters().keySet(), back.namedParameters().keySet());
                m.parameterValues().forEach((k, a) -> assertArrayEquals(a, back.parameterValues().get(k), k));
            }
        }
    }

    @Test
    void anArchiveWrittenBeforeTheHeadExistedLoadsWithoutOne() throws IOException {
        FeatureVocabulary v = Fixtures.vocabulary(12);
        try (CellPainTRModel m = model(Fixtures.tiny(), v)) {
            byte[] now = ModelArchive.toBytes(m);
            Path old = dir.resolve("old.cptr");
            Files.write(old, withoutConfigField(now, "projectionWidth"));
            assertFalse(new String(Files.readAllBytes(old), StandardCharsets.UTF_8).contains("projectionWidth"));
            try (CellPainTRModel back = ModelArchive.load(old, DeviceChoice.cpu())) {
                assertEquals(0, back.config().projectionWidth());
                assertEquals(m.config(), back.config());
                float[] values = Fixtures.gaussian(2 * 12, 9);
                assertArrayEquals(m.embedFlat(values, 2, new int[] {0, 1}), back.embedFlat(values, 2,
                        new int[] {0, 1}), 0f);
            }
            // a damaged copy is still refused: the rewrite above recomputed the checksum honestly
            byte[] broken = withoutConfigField(now, "projectionWidth");
            broken[broken.length - 40] ^= 1;
            Path bad = dir.resolve("bad.cptr");
            Files.write(bad, broken);
            assertThrows(IOException.class, () -> ModelArchive.load(bad, DeviceChoice.cpu()).close());
        }
    }

    /**
     * The archive with one field dropped from the manifest's configuration, lengths and SHA-256 recomputed (the
     * layout of docs/model.md "Model archive"): what an older version of this program wrote.
     */
    private static byte[] withoutConfigField(byte[] archive, String field) {
        ByteBuffer b = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        int headerEnd = 8 + 4;
        long manifestLength = b.getLong(headerEnd);
        int manifestStart = headerEnd + 8;
        String manifest = new String(archive, manifestStart, (int) manifestLength, StandardCharsets.UTF_8);
        JsonObject o = JsonParser.parseString(manifest).getAsJsonObject();
        assertTrue(o.getAsJsonObject("config").has(field));
        o.getAsJsonObject("config").remove(field);
        byte[] newManifest = o.toString().getBytes(StandardCharsets.UTF_8);
        int rest = manifestStart + (int) manifestLength;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(archive, 0, headerEnd);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(newManifest.length).array());
        out.writeBytes(newManifest);
        out.write(archive, rest, archive.length - 32 - rest);
        byte[] body = out.toByteArray();
        try {
            out.writeBytes(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    @Test
    void aStage2RunWithTheHeadResumesFromItsCheckpointExactly() throws IOException {
        DahlinPlates data = DahlinPlates.load();
        FeatureVocabulary v = new FeatureVocabulary(data.features);
        TrainingRows rows = DahlinRows.select(data, i -> i % 3 == 0);
        TrainerSettings s = TrainerSettings.defaults(Stage.INTER_SOURCE).withEpochs(2).withLearningRate(3e-3)
                .withSeed(5);
        s = s.withRecipe(s.recipe().withSteps(0));
        Map<String, float[]> initial;
        Map<String, float[]> uninterrupted;
        int perEpoch;
        try (CellPainTRModel m = stage1Done(v)) {
            initial = m.parameterValues();
            var r = new StageTrainer(s).train(m, rows, null, dir.resolve("a.ckpt"), TrainingMonitor.silent());
            uninterrupted = m.parameterValues();
            perEpoch = (int) r.log().stream().filter(x -> x.kind().equals("step") && x.epoch() == 0).count();
        }
        assertFalse(Arrays.equals(initial.get("projection.out.weight"), uninterrupted.get("projection.out.weight")),
                "stage 3 trains the head");
        Path ckpt = dir.resolve("b.ckpt");
        AtomicInteger polls = new AtomicInteger();
        TrainingMonitor cancelling = new TrainingMonitor() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean cancelled() {
                return polls.incrementAndGet() > perEpoch + 2;
            }
        };
        TrainerSettings settings = s;
        try (CellPainTRModel m = stage1Done(v)) {
            assertThrows(TrainingCancelledException.class,
                    () -> new StageTrainer(settings).train(m, rows, null, ckpt, cancelling));
        }
        try (CellPainTRModel m = stage1Done(v)) {
            assertEquals(1, new StageTrainer(s).train(m, rows, null, ckpt, TrainingMonitor.silent())
                    .resumedFromEpoch());
            Map<String, float[]> resumed = m.parameterValues();
            uninterrupted.forEach((k, a) -> assertArrayEquals(a, resumed.get(k), k));
        }
    }

    /** A model with a head and a (recorded) stage 1 behind it, both Dahlin batches in its codebook. */
    private static CellPainTRModel stage1Done(FeatureVocabulary v) {
        CellPainTRModel m = CellPainTRModel.create(HEAD, v, List.of("batch 1", "batch 2"), 11, DeviceChoice.cpu());
        m.provenance().addStage(new StageRecord("1-masked-modelling", Map.of(), 1, "", Map.of(), Instant.now(),
                Map.of(), List.of()));
        return m;
    }
}

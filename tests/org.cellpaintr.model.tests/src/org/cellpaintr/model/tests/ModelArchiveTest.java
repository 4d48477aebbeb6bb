package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.archive.ArchiveFormatException;
import org.cellpaintr.model.archive.LibraryVersions;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.provenance.StageRecord;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.FilterMode;
import org.cellpaintr.model.config.MaskingMode;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.optim.AdamW;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save → load round trip and the rejection of damaged or foreign archives. */
class ModelArchiveTest {

    @TempDir
    static Path dir;
    private static byte[] good;
    private static float[][] rows;

    @BeforeAll
    static void writeOne() throws IOException {
        try (CellPainTRModel model = trainedModel()) {
            Path p = dir.resolve("good.cptr");
            ModelArchive.save(model, p);
            good = Files.readAllBytes(p);
        }
    }

    /** A model whose parameters moved away from their initial values, with history and a grown codebook. */
    private static CellPainTRModel trainedModel() {
        CellPainTRConfig c = Fixtures.tiny().toBuilder().filterMode(FilterMode.COMPAT_2024)
                .maskingMode(MaskingMode.PER_FEATURE).build();
        FeatureVocabulary vocab = Fixtures.vocabulary(15);
        CellPainTRModel model = CellPainTRModel.create(c, vocab, List.of("source_2", "source_3"), 9,
                DeviceChoice.cpu());
        model.addSources(List.of("bray-proxy"), 4);
        float[] values = Fixtures.gaussian(6 * 15, 2);
        rows = Fixtures.rows(values, 6);
        TrainingBatch batch = new TrainingBatch(values, 6, new int[] {0, 1, 2, 0, 1, 2}, new int[] {0, 0, 1, 1, 2, 2},
                3);
        SplittableRandom rng = new SplittableRandom(1);
        try (AdamW opt = new AdamW(model, AdamW.Settings.authors().withLearningRate(1e-2))) {
            for (int s = 0; s < 3; s++) {
                try (TrainingStep step = model.newTrainingStep()) {
                    step.forwardBackward(batch, model.sampleMask(batch, rng));
                    opt.step();
                }
            }
        }
        model.provenance().addStage(new StageRecord("1-masked-modelling", Map.of("epochs", "3", "batch", "6"), 9,
                "sha256:abc", Map.of("mse", 0.5, "supcon", Double.NaN), Instant.parse("2026-11-27T10:00:00Z"),
                LibraryVersions.current(), List.of(Map.of("epoch", 0.0, "step", 1.0, "loss", 0.7))));
        return model;
    }

    @Test
    void loadGivesIdenticalOutputsAndMetadata() throws IOException {
        Path p = dir.resolve("roundtrip.cptr");
        try (CellPainTRModel original = trainedModel()) {
            ModelArchive.save(original, p);
            String[] sources = {"source_2", "source_3", "bray-proxy", "source_2", "source_3", "bray-proxy"};
            float[][] before = original.embed(rows, sources);
            try (CellPainTRModel loaded = ModelArchive.load(p, DeviceChoice.cpu())) {
                float[][] after = loaded.embed(rows, sources);
                for (int i = 0; i < before.length; i++) {
                    assertArrayEquals(before[i], after[i], "embedding " + i + " changed");
                }
                assertEquals(original.config(), loaded.config());
                assertEquals(original.vocabulary(), loaded.vocabulary());
                assertEquals(original.sources().names(), loaded.sources().names());
                assertEquals(original.provenance().stages(), loaded.provenance().stages());
                assertEquals(original.provenance().events(), loaded.provenance().events());
                assertEquals(original.provenance().initSeed(), loaded.provenance().initSeed());
                assertEquals(original.namedParameters().keySet(), loaded.namedParameters().keySet());
                for (String name : original.namedParameters().keySet()) {
                    assertArrayEquals(original.namedParameters().get(name).getArray().toFloatArray(),
                            loaded.namedParameters().get(name).getArray().toFloatArray(), name);
                }
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temporary file left");
        }
    }

    @Test
    void truncatedArchiveIsRejected() throws IOException {
        for (int keep : new int[] {good.length / 2, good.length - 1, 30, 10}) {
            Path p = dir.resolve("truncated-" + keep + ".cptr");
            Files.write(p, java.util.Arrays.copyOf(good, keep));
            ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                    () -> ModelArchive.load(p, DeviceChoice.cpu()));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void corruptedArchiveIsRejected() throws IOException {
        for (int at : new int[] {good.length - 100, 200, good.length - 5}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            Path p = dir.resolve("corrupt-" + at + ".cptr");
            Files.write(p, bad);
            ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                    () -> ModelArchive.load(p, DeviceChoice.cpu()));
            assertTrue(e.getMessage().contains("corrupted") && e.getMessage().contains("checksum"), e.getMessage());
        }
    }

    @Test
    void newerFormatIsRejectedWithAnUpdateHint() throws Exception {
        byte[] newer = good.clone();
        ByteBuffer.wrap(newer).order(ByteOrder.LITTLE_ENDIAN).putInt(8, ModelArchive.FORMAT_VERSION + 1);
        // a well-formed archive of a future version: recompute its checksum
        byte[] sum = MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(newer, newer.length - 32));
        System.arraycopy(sum, 0, newer, newer.length - 32, 32);
        Path p = dir.resolve("newer.cptr");
        Files.write(p, newer);
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> ModelArchive.load(p, DeviceChoice.cpu()));
        assertTrue(e.getMessage().contains("newer") && e.getMessage().contains("update"), e.getMessage());
    }

    @Test
    void foreignFileIsRejected() throws IOException {
        Path p = dir.resolve("not-a-model.cptr");
        Files.writeString(p, "Metadata_Plate,Cells_AreaShape_Area\nP1,1.0\n");
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> ModelArchive.load(p, DeviceChoice.cpu()));
        assertTrue(e.getMessage().contains("not a CellPainTR model archive"), e.getMessage());
    }

    @Test
    void savingReplacesAnExistingFile() throws IOException {
        Path p = dir.resolve("replace.cptr");
        Files.writeString(p, "old content");
        try (CellPainTRModel m = CellPainTRModel.create(Fixtures.tiny(), Fixtures.vocabulary(5), List.of("s"), 1,
                DeviceChoice.cpu())) {
            ModelArchive.save(m, p);
        }
        assertEquals(5, ModelArchive.read(p).vocabulary().size());
    }
}

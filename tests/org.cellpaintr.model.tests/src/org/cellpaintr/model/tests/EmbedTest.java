package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.cellpaintr.cli.CellPainTR;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embed on the real Dahlin plates, and the command line's embed and intersect --reference-model. */
class EmbedTest {

    private static final String BATCH = "Experimental Condition [Experimental Batch]";

    @TempDir
    static Path tmp;

    static Path dahlin;
    static Path modelFile;

    @BeforeAll
    static void saveATinyModel() throws Exception {
        dahlin = DahlinPlates.file();
        try (ProfileTable t = ProfileFiles.read(dahlin);
                CellPainTRModel model = CellPainTRModel.create(Fixtures.tiny(), new FeatureVocabulary(t.features()),
                        List.of("1", "2"), 11, DeviceChoice.cpu())) {
            modelFile = tmp.resolve("tiny.cellpaintr");
            ModelArchive.save(model, modelFile);
        }
    }

    @Test
    void embeddingDoesNotDependOnTheBatchAWellIsIn() throws Exception {
        try (ProfileTable t = ProfileFiles.read(dahlin);
                CellPainTRModel model = ModelArchive.load(modelFile, DeviceChoice.cpu());
                ProfileTable a = new Embed().execute(new EmbedSettings(BATCH, null, "emb_", 64), new Embed.Input(t, model),
                        Progress.NONE);
                ProfileTable b = new Embed().execute(new EmbedSettings(BATCH, null, "emb_", 7), new Embed.Input(t, model),
                        Progress.NONE)) {
            assertEquals(1948, a.rowCount());
            assertEquals(8, a.features().size());
            assertEquals("emb_0", a.features().get(0));
            assertEquals(t.metadata().size(), a.metadata().size(), "metadata kept");
            for (int r = 0; r < a.rowCount(); r += 53) {
                float[] x = a.matrix().readRow(r);
                float[] y = b.matrix().readRow(r);
                for (int j = 0; j < x.length; j++) {
                    assertEquals(x[j], y[j], 1e-5, "row " + r);
                }
            }
            // the source token matters: the same wells with the other source embed differently
            try (ProfileTable c = new Embed().execute(EmbedSettings.withProxy("1"), new Embed.Input(t, model),
                    Progress.NONE)) {
                int batch2Row = java.util.stream.IntStream.range(0, t.rowCount())
                        .filter(r -> "2".equals(t.column(BATCH).orElseThrow().text(r))).findFirst().orElseThrow();
                float[] own = a.matrix().readRow(batch2Row);
                float[] proxy = c.matrix().readRow(batch2Row);
                double diff = 0;
                for (int j = 0; j < own.length; j++) {
                    diff += Math.abs(own[j] - proxy[j]);
                }
                assertTrue(diff > 0, "source token changes the embedding: " + diff);
            }
        }
    }

    /**
     * The default batch size is automatic: on a CPU about 8,192 tokens (352 features + [CLS] + [SRC] here, so
     * round(8192 / 354) = 23 wells) per forward pass, and the embeddings are those of an explicit batch size.
     */
    @Test
    void automaticBatchSizeAimsAtATokenBudgetAndEmbedsTheSame() throws Exception {
        try (ProfileTable t = ProfileFiles.read(dahlin);
                CellPainTRModel model = ModelArchive.load(modelFile, DeviceChoice.cpu());
                ProfileTable auto = new Embed().execute(EmbedSettings.bySourceColumn(BATCH), new Embed.Input(t, model),
                        Progress.NONE);
                ProfileTable one = new Embed().execute(new EmbedSettings(BATCH, null, "emb_", 1),
                        new Embed.Input(t, model), Progress.NONE)) {
            assertEquals(EmbedSettings.AUTOMATIC, EmbedSettings.bySourceColumn(BATCH).batchSize());
            assertEquals(352, t.features().size());
            assertEquals(23, model.automaticEmbedBatch());
            assertEquals(t.rowCount(), auto.rowCount());
            for (int r = 0; r < auto.rowCount(); r += 37) {
                float[] x = auto.matrix().readRow(r);
                float[] y = one.matrix().readRow(r);
                for (int j = 0; j < x.length; j++) {
                    assertEquals(y[j], x[j], 1e-5, "row " + r);
                }
            }
        }
    }

    @Test
    void rejectsMisalignedFeaturesUnknownSourcesAndNaN() throws Exception {
        try (ProfileTable t = ProfileFiles.read(dahlin);
                CellPainTRModel model = ModelArchive.load(modelFile, DeviceChoice.cpu())) {
            int[] cols = new int[351];
            for (int j = 0; j < cols.length; j++) {
                cols[j] = j + 1;
            }
            try (ProfileTable fewer = t.withFeatures(t.features().subList(1, 352), t.matrix().selectColumns(cols))) {
                SettingsException e = assertThrows(SettingsException.class, () -> new Embed().configure(
                        EmbedSettings.bySourceColumn(BATCH), Embed.Spec.of(fewer.schema(), model)));
                assertTrue(e.getMessage().contains("1 of the model's 352 features are missing")
                        && e.getMessage().contains("Intersect Features"), e.getMessage());
            }
            SettingsException unknown = assertThrows(SettingsException.class, () -> new Embed().execute(
                    EmbedSettings.bySourceColumn("Plate"), new Embed.Input(t, model), Progress.NONE));
            assertTrue(unknown.getMessage().contains("not in the model's codebook")
                    && unknown.getMessage().contains("row 1"), unknown.getMessage());
            SettingsException proxy = assertThrows(SettingsException.class, () -> new Embed().configure(
                    EmbedSettings.withProxy("source_99"), Embed.Spec.of(t.schema(), model)));
            assertTrue(proxy.getMessage().contains("'source_99' is not a source"), proxy.getMessage());
            FeatureMatrix copy = t.matrix().copy();
            copy.set(4, 7, Float.NaN);
            try (ProfileTable withNaN = t.withFeatures(t.features(), copy)) {
                SettingsException nan = assertThrows(SettingsException.class, () -> new Embed().execute(
                        EmbedSettings.bySourceColumn(BATCH), new Embed.Input(withNaN, model), Progress.NONE));
                assertTrue(nan.getMessage().contains("row 5 column '" + t.features().get(7) + "' = NaN"),
                        nan.getMessage());
            }
        }
    }

    @Test
    void commandLineAlignsToTheModelThenEmbeds() throws Exception {
        Path aligned = tmp.resolve("cpjump1_aligned.parquet");
        Path jump = dahlin.getParent().getParent().resolve("cpjump1_jump_pilot/overlapping_jump_data.csv.gz");
        String[] r1 = run("intersect", "--input", jump.toString(), "--reference-model", modelFile.toString(), "--output",
                aligned.toString());
        assertEquals("0", r1[0], r1[2]);
        assertTrue(r1[1].contains("340 of 352 reference features matched"), r1[1]);
        Path emb = tmp.resolve("emb.csv");
        String[] r2 = run("embed", "--model", modelFile.toString(), "--input", aligned.toString(), "--output",
                emb.toString(), "--source", "1");
        assertEquals("0", r2[0], r2[2]);
        try (ProfileTable e = ProfileFiles.read(emb, new org.cellpaintr.engine.io.FeatureColumnRule(null, null, "emb_\\d+"),
                Progress.NONE)) {
            assertEquals(3186, e.rowCount());
            assertEquals(8, e.features().size());
        }
        String[] bad = run("embed", "--model", modelFile.toString(), "--input", jump.toString(), "--output",
                tmp.resolve("x.csv").toString(), "--source", "1");
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains("Intersect Features"), bad[2]);
        String[] gpu = run("embed", "--model", modelFile.toString(), "--input", aligned.toString(), "--output",
                tmp.resolve("y.csv").toString(), "--source", "1", "--device", "gpu:3");
        assertTrue(!gpu[0].equals("0"), "an absent GPU is an error, never a silent CPU run");
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CellPainTR().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void sameRowsSameEmbeddingAcrossSaveAndLoad() throws Exception {
        try (ProfileTable t = ProfileFiles.read(dahlin);
                CellPainTRModel a = ModelArchive.load(modelFile, DeviceChoice.cpu());
                CellPainTRModel b = ModelArchive.load(modelFile, DeviceChoice.cpu())) {
            float[][] rows = {t.matrix().readRow(0), t.matrix().readRow(1)};
            assertArrayEquals(a.embed(rows, new String[] {"1", "2"})[1], b.embed(rows, new String[] {"1", "2"})[1]);
        }
    }
}

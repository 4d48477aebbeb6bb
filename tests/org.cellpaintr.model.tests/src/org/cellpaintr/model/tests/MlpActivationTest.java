package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.MlpActivation;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.nn.Gelu;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainstage.TrainStageCodec;
import org.cellpaintr.model.trainstage.TrainStageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The MLP activation setting: exact GELU (libtorch's kernel) for new models, the authors' tanh form for compat-2024
 * and for anything saved before the setting existed, and both forms against their published formulas.
 */
class MlpActivationTest {

    @TempDir
    Path dir;

    /** Abramowitz and Stegun 7.1.26: |error| < 1.5e-7, enough to check a float32 kernel. */
    private static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * Math.exp(-x * x);
        return x >= 0 ? y : -y;
    }

    @Test
    void bothFormsFollowTheirFormulasAndDifferByUnderFiveTenThousandths() {
        float[] x = new float[1201];
        for (int i = 0; i < x.length; i++) {
            x[i] = -6f + i * 0.01f;
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch"); NDArray in = m.create(x);
                NDArray exact = Gelu.exact(in); NDArray tanh = Gelu.tanhApprox(in)) {
            float[] e = exact.toFloatArray();
            float[] t = tanh.toFloatArray();
            double maxGap = 0;
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                double wantExact = 0.5 * v * (1 + erf(v / Math.sqrt(2)));
                double wantTanh = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                assertEquals(wantExact, e[i], 2e-6 * (1 + Math.abs(v)), "exact GELU at " + v);
                assertEquals(wantTanh, t[i], 2e-6 * (1 + Math.abs(v)), "tanh GELU at " + v);
                maxGap = Math.max(maxGap, Math.abs(e[i] - t[i]));
            }
            // the largest gap of the two formulas is 4.73e-4 near x = -2.70
            assertTrue(maxGap > 4e-4 && maxGap < 5e-4, "max |exact - tanh| = " + maxGap);
        }
    }

    @Test
    void newModelsUseExactGeluAndCompat2024KeepsTheTanhForm() {
        assertEquals(MlpActivation.GELU, CellPainTRConfig.authors().mlpActivation());
        assertEquals(MlpActivation.GELU_TANH, CellPainTRConfig.compat2024().mlpActivation());
        assertEquals(MlpActivation.GELU_TANH, MlpActivation.parse(" Gelu_Tanh "));
        assertEquals("gelu-tanh", MlpActivation.GELU_TANH.label());
    }

    @Test
    void theSettingReachesTheNetwork() {
        CellPainTRConfig exact = Fixtures.tiny();
        CellPainTRConfig tanh = exact.toBuilder().mlpActivation(MlpActivation.GELU_TANH).build();
        float[][] rows = Fixtures.rows(Fixtures.gaussian(4 * 12, 5), 4);
        String[] sources = {"a", "b", "a", "b"};
        try (CellPainTRModel e = CellPainTRModel.create(exact, Fixtures.vocabulary(12), List.of("a", "b"), 3,
                DeviceChoice.cpu());
                CellPainTRModel t = CellPainTRModel.create(tanh, Fixtures.vocabulary(12), List.of("a", "b"), 3,
                        DeviceChoice.cpu())) {
            float[][] a = e.embed(rows, sources);
            float[][] b = t.embed(rows, sources);
            double gap = 0;
            double norm = 0;
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a[i].length; j++) {
                    gap = Math.max(gap, Math.abs(a[i][j] - b[i][j]));
                    norm = Math.max(norm, Math.abs(a[i][j]));
                }
            }
            // same seed, same parameters: only the activation differs, and only slightly
            assertTrue(gap > 0, "the activation setting changed nothing");
            assertTrue(gap < 1e-2 * norm, "gap " + gap + " against embedding scale " + norm);
        }
    }

    @Test
    void trainStageSettingsCarryTheActivationAndOlderSettingsTakeTheDefault() throws SettingsException {
        TrainStageCodec codec = new TrainStageCodec();
        TrainStageSettings s = TrainStageSettings.of(TrainerSettings.defaults(Stage.MASKED_MODELLING),
                "Metadata_Batch", "Metadata_Plate", "Metadata_Compound")
                .withNewModel(Fixtures.tiny().toBuilder().mlpActivation(MlpActivation.GELU_TANH).build());
        SettingsTree saved = codec.encode(s);
        assertEquals("gelu-tanh", saved.string(TrainStageCodec.MLP_ACTIVATION));
        assertEquals(MlpActivation.GELU_TANH, codec.decode(saved).newModel().mlpActivation());
        SettingsTree older = new SettingsTree();
        for (String key : saved.keys()) {
            if (!key.equals(TrainStageCodec.MLP_ACTIVATION)) {
                older.put(key, saved.value(key));
            }
        }
        assertEquals(MlpActivation.GELU, codec.decode(older).newModel().mlpActivation());
        SettingsTree bad = new SettingsTree(saved).put(TrainStageCodec.MLP_ACTIVATION, "relu");
        SettingsException e = assertThrows(SettingsException.class, () -> codec.decode(bad));
        assertTrue(e.getMessage().contains("relu"), e.getMessage());
    }

    @Test
    void archivesWrittenBeforeTheSettingExistedLoadWithTheTanhForm() throws IOException, NoSuchAlgorithmException {
        Path p = dir.resolve("new.cptr");
        try (CellPainTRModel m = CellPainTRModel.create(Fixtures.tiny(), Fixtures.vocabulary(12), List.of("a"), 3,
                DeviceChoice.cpu())) {
            ModelArchive.save(m, p);
        }
        try (CellPainTRModel loaded = ModelArchive.load(p, DeviceChoice.cpu())) {
            assertEquals(MlpActivation.GELU, loaded.config().mlpActivation());
        }
        Path old = dir.resolve("old.cptr");
        Files.write(old, withoutActivationKey(Files.readAllBytes(p)));
        try (CellPainTRModel loaded = ModelArchive.load(old, DeviceChoice.cpu())) {
            assertEquals(MlpActivation.GELU_TANH, loaded.config().mlpActivation());
        }
    }

    /** The archive with its manifest's mlpActivation entry cut out, length and checksum made consistent again. */
    private static byte[] withoutActivationKey(byte[] archive) throws NoSuchAlgorithmException {
        int header = 8 + 4 + 8;
        ByteBuffer b = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        int manifestLength = (int) b.getLong(12);
        String json = new String(archive, header, manifestLength, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"mlpActivation\""), "the manifest names the activation");
        String cut = json.replaceAll(",\\s*\"mlpActivation\"\\s*:\\s*\"gelu\"", "");
        assertNotEquals(json, cut, "no mlpActivation entry to cut in the manifest");
        byte[] m = cut.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(archive, 0, 12);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(m.length).array());
        out.writeBytes(m);
        out.write(archive, header + manifestLength, archive.length - 32 - header - manifestLength);
        byte[] body = out.toByteArray();
        out.writeBytes(MessageDigest.getInstance("SHA-256").digest(body));
        return Arrays.copyOf(out.toByteArray(), body.length + 32);
    }
}

package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.table.TextColumn;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.archive.ArchiveFormatException;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model with non-finite parameters (a diverged training) is never saved and never embeds. */
class DivergedModelTest {

    @TempDir
    Path tmp;

    private static final List<String> FEATURES = List.of("Cells_A", "Cells_B", "Cells_C", "Cells_D");

    private static CellPainTRModel model() {
        return CellPainTRModel.create(Fixtures.tiny(), new FeatureVocabulary(FEATURES), List.of("s"), 5,
                DeviceChoice.cpu());
    }

    private static void poison(CellPainTRModel m) {
        Map<String, float[]> v = m.parameterValues();
        v.get("head.dense.weight")[0] = Float.NaN;
        for (float[] p : v.values()) {
            if (p.length > 0 && v.get("head.dense.weight") != p) {
                p[0] = Float.POSITIVE_INFINITY; // every path through the network meets a non-finite value
            }
        }
        m.copyParameters(v);
    }

    @Test
    void aNonFiniteModelIsNotSavedAndThePreviousFileIsKept() throws Exception {
        Path file = tmp.resolve("m.cellpaintr");
        try (CellPainTRModel good = model()) {
            ModelArchive.save(good, file);
        }
        byte[] before = Files.readAllBytes(file);
        try (CellPainTRModel bad = model()) {
            poison(bad);
            ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> ModelArchive.save(bad, file));
            assertTrue(e.getMessage().matches("Refusing to save a model whose parameter \\S+ holds (NaN|-?Infinity) .*"
                    + "is left as it was"), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        ArchiveFormatException folder = assertThrows(ArchiveFormatException.class, () -> ModelArchive.read(tmp));
        assertTrue(folder.getMessage().contains("is a folder"), folder.getMessage());
    }

    @Test
    void embedRefusesNonFiniteEmbeddingsNamingTheRow() throws Exception {
        FeatureMatrix.Builder b = FeatureMatrix.builder(FEATURES.size());
        for (int r = 0; r < 3; r++) {
            b.appendRow(new float[] {r, 1, -r, 0.5f});
        }
        List<MetadataColumn> meta = new ArrayList<>(List.of(TextColumn.of("Metadata_Well", new String[] {"A1", "A2",
            "A3"})));
        try (CellPainTRModel bad = model(); ProfileTable t = new ProfileTable(meta, FEATURES, b.build())) {
            poison(bad);
            SettingsException e = assertThrows(SettingsException.class, () -> new Embed().execute(
                    new EmbedSettings(null, "s", "emb_", 2), new Embed.Input(t, bad), Progress.NONE).close());
            assertTrue(e.getMessage().contains("the embedding of row 1 has"), e.getMessage());
        }
    }
}

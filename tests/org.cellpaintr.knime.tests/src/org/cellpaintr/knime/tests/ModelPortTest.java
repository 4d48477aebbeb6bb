package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.cellpaintr.knime.port.ModelDescription;
import org.cellpaintr.knime.port.ModelPortContent;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.junit.jupiter.api.Test;

/**
 * The model port's saved form is the model archive itself: one zip entry whose bytes are exactly what
 * {@code cellpaintr train --model-out} writes, read back into the same description and parameters.
 */
class ModelPortTest {

    private static final List<String> FEATURES = List.of("Cells_AreaShape_Area", "Nuclei_Intensity_Mean_DNA",
            "Cytoplasm_Texture_Contrast_RNA");

    private static byte[] tinyArchive() throws IOException {
        CellPainTRConfig tiny = CellPainTRConfig.builder().dModel(8).layers(1).filterWidth(8).mlpWidth(16).build();
        try (CellPainTRModel m = CellPainTRModel.create(tiny, new FeatureVocabulary(FEATURES),
                List.of("source_2", "source_3"), 7, DeviceChoice.cpu())) {
            return ModelArchive.toBytes(m);
        }
    }

    @Test
    void savedFormIsTheArchiveAndRoundTrips() throws Exception {
        byte[] archive = tinyArchive();
        ModelPortContent content = ModelPortContent.of(archive, "test");
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zipped)) {
            content.writeTo(out);
        }
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipped.toByteArray()))) {
            assertEquals(ModelPortContent.ARCHIVE_ENTRY, in.getNextEntry().getName());
            assertArrayEquals(archive, in.readAllBytes(), "the entry holds exactly the archive");
            assertNull(in.getNextEntry(), "nothing else is saved");
        }
        ModelPortContent back;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipped.toByteArray()))) {
            back = ModelPortContent.readFrom(in);
        }
        assertArrayEquals(archive, back.archive());
        assertEquals(content.description(), back.description());
        try (CellPainTRModel a = content.load(DeviceChoice.cpu()); CellPainTRModel b = back.load(DeviceChoice.cpu())) {
            assertEquals(a.parameterValues().keySet(), b.parameterValues().keySet());
            for (String k : a.parameterValues().keySet()) {
                assertArrayEquals(a.parameterValues().get(k), b.parameterValues().get(k), k);
            }
        }
    }

    @Test
    void specDescribesVocabularySourcesAndSizeAndRoundTrips() throws Exception {
        ModelDescription d = ModelPortContent.of(tinyArchive(), "test").description();
        assertEquals(FEATURES, d.features());
        assertEquals(List.of("source_2", "source_3"), d.sources());
        assertEquals(8, d.embeddingSize());
        assertEquals(List.of(), d.stages(), "an untrained model has no stage history");
        assertTrue(d.summary().contains("source_2, source_3") && d.summary().contains("stages none"), d.summary());
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zipped)) {
            ModelPortContent.writeSpec(d, out);
        }
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipped.toByteArray()))) {
            assertEquals(d, ModelPortContent.readSpec(in));
        }
    }

    @Test
    void aDamagedArchiveIsRefused() throws Exception {
        byte[] archive = tinyArchive();
        archive[archive.length / 2] ^= 0x5A;
        assertThrows(IOException.class, () -> ModelPortContent.of(archive, "damaged"));
    }
}

package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.io.ProfileFormatException;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.Allocators;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input is rejected with a message naming the file, column, row, plate or setting; nothing is lost. */
class BadInputTest {

    @TempDir
    Path tmp;

    private static String message(Throwable t) {
        return t.getMessage();
    }

    private static void assertContains(String text, String... parts) {
        for (String p : parts) {
            assertTrue(text.contains(p), "'" + text + "' should mention '" + p + "'");
        }
    }

    private static NormalizeSettings authors() {
        return NormalizeSettings.authors(List.of("Metadata_Plate"), "Metadata_Control", List.of("DMSO"));
    }

    @Test
    void emptyFile() throws Exception {
        Path f = TestData.write(tmp, "empty.csv", "");
        assertContains(message(assertThrows(ProfileFormatException.class, () -> ProfileFiles.read(f))), "empty.csv",
                "empty");
    }

    @Test
    void headerOnly() throws Exception {
        Path f = TestData.write(tmp, "h.csv", "Metadata_Plate,Cells_A\n");
        assertContains(message(assertThrows(ProfileFormatException.class, () -> ProfileFiles.read(f))), "h.csv",
                "no data rows");
    }

    @Test
    void duplicateColumnNames() throws Exception {
        Path f = TestData.write(tmp, "d.csv", "Metadata_Plate,Cells_A,Cells_A\np,1,2\n");
        assertContains(message(assertThrows(ProfileFormatException.class, () -> ProfileFiles.read(f))),
                "'Cells_A' appears twice", "columns 2 and 3");
    }

    @Test
    void textInAFeatureColumn() throws Exception {
        Path f = TestData.write(tmp, "t.csv", "Metadata_Plate,Cells_A\np,1\np,oops\n");
        assertContains(message(assertThrows(ProfileFormatException.class, () -> ProfileFiles.read(f))), "t.csv",
                "line 3", "'Cells_A'", "'oops'");
    }

    @Test
    void rowWithTooFewFields() throws Exception {
        Path f = TestData.write(tmp, "r.csv", "Metadata_Plate,Cells_A,Cells_B\np,1,2\np,3\n");
        assertContains(message(assertThrows(ProfileFormatException.class, () -> ProfileFiles.read(f))), "line 3",
                "2 fields", "3");
    }

    @Test
    void noFeatureColumns() throws Exception {
        Path f = TestData.write(tmp, "n.csv", "Plate,Dose\np,1\n");
        assertContains(message(assertThrows(ProfileFormatException.class, () -> ProfileFiles.read(f))),
                "no feature columns");
    }

    @Test
    void truncatedGzip() throws Exception {
        byte[] whole = Files.readAllBytes(TestData.example(TestData.DAHLIN));
        Path f = tmp.resolve("cut.csv.gz");
        Files.write(f, Arrays.copyOf(whole, whole.length / 2));
        long before = Allocators.allocatedBytes();
        assertContains(message(assertThrows(ProfileFormatException.class, () -> ProfileFiles.read(f))), "cut.csv.gz",
                "truncated");
        assertEquals(before, Allocators.allocatedBytes(), "the half-read table was freed");
    }

    @Test
    void parquetFileThatIsNotParquet() throws Exception {
        Path f = TestData.write(tmp, "fake.parquet", "Metadata_Plate,Cells_A\np,1\n");
        assertContains(message(assertThrows(ProfileFormatException.class, () -> ProfileFiles.read(f))),
                "fake.parquet", "not a Parquet file");
    }

    @Test
    void corruptParquetBody() throws Exception {
        byte[] good = Files.readAllBytes(TestData.example(TestData.RECIPE_PARQUET));
        byte[] bad = good.clone();
        for (int i = 100; i < bad.length - 200; i++) {
            bad[i] = (byte) (bad[i] ^ 0x5a);
        }
        Path f = tmp.resolve("bad.parquet");
        Files.write(f, bad);
        assertContains(message(assertThrows(IOException.class, () -> ProfileFiles.read(f))), "bad.parquet");
    }

    @Test
    void nanAndInfinityFailWhenAskedNamingRowAndColumn() throws Exception {
        try (ProfileTable t = TestData.table(new String[] {"p", "p", "p"}, new String[] {"DMSO", "DMSO", "x"},
                new String[] {"Cells_A", "Cells_B"}, new float[][] {{1, 2, 3}, {1, Float.POSITIVE_INFINITY, Float.NaN}})) {
            NormalizeSettings s = authors().withSelection(NormalizeSettings.NonFinite.FAIL, false, false, Double.NaN);
            assertContains(message(assertThrows(SettingsException.class, () -> new Normalize().execute(s, t,
                    Progress.NONE))), "non-finite", "row 2 column 'Cells_B' = Infinity", "row 3 column 'Cells_B' = NaN");
        }
    }

    @Test
    void nanAndInfinityAreDroppedOrZeroedAndReported() throws Exception {
        try (ProfileTable t = TestData.table(new String[] {"p", "p", "p"}, new String[] {"DMSO", "DMSO", "x"},
                new String[] {"Cells_A", "Cells_B"}, new float[][] {{1, 2, 3}, {1, Float.NEGATIVE_INFINITY, 4}})) {
            NormalizeSettings drop = authors().withSelection(NormalizeSettings.NonFinite.DROP_FEATURE, false, false,
                    Double.NaN);
            try (NormalizeResult r = new Normalize().execute(drop, t, Progress.NONE)) {
                assertEquals(List.of("Cells_A"), r.normalized().features());
                assertEquals("non_finite", r.report().column("reason").orElseThrow().text(1));
                assertEquals("1", r.report().column("inf_count").orElseThrow().text(1));
            }
            try (NormalizeResult r = new Normalize().execute(authors().withClip(NormalizeSettings.Clip.NONE, 0, 0), t,
                    Progress.NONE)) {
                assertEquals(2, r.normalized().features().size());
                // -inf became 0; controls are {1, 0}: median 0.5, MAD 0.5 -> (0 - 0.5) / (0.5 * 1.4826 + 1e-6)
                assertEquals((float) (-0.5 / (0.5 * 1.4826 + 1e-6)), r.normalized().matrix().get(1, 1), 1e-6);
            }
        }
    }

    @Test
    void plateWithoutControlWells() throws Exception {
        try (ProfileTable t = TestData.table(new String[] {"p1", "p1", "p2", "p2"},
                new String[] {"DMSO", "x", "y", "z"}, new String[] {"Cells_A"}, new float[][] {{1, 2, 3, 5}})) {
            assertContains(message(assertThrows(SettingsException.class, () -> new Normalize().execute(authors(), t,
                    Progress.NONE))), "plate 'p2'", "no wells with Metadata_Control in [DMSO]");
            NormalizeSettings fallback = authors().withReference(NormalizeSettings.Reference.CONTROLS, true)
                    .withClip(NormalizeSettings.Clip.NONE, 0, 0).withMethod(NormalizeSettings.Method.ROBUST_MAD, false, 0);
            try (NormalizeResult r = new Normalize().execute(fallback, t, Progress.NONE)) {
                assertEquals(1, r.warnings().size());
                assertContains(r.warnings().get(0), "plate 'p2'", "all its 2 wells");
                // p2 against its own wells {3, 5}: median 4, MAD 1
                assertEquals(-1f, r.normalized().matrix().get(2, 0));
                assertEquals(1f, r.normalized().matrix().get(3, 0));
            }
        }
    }

    @Test
    void constantFeatures() throws Exception {
        try (ProfileTable t = TestData.table(new String[] {"p", "p", "p"}, new String[] {"DMSO", "DMSO", "x"},
                new String[] {"Cells_Const", "Cells_Var"}, new float[][] {{7, 7, 7}, {1, 3, 8}})) {
            NormalizeSettings arevalo = NormalizeSettings.arevalo(List.of("Metadata_Plate"), "Metadata_Control",
                    List.of("DMSO")).withSelection(NormalizeSettings.NonFinite.DROP_FEATURE, true, false, Double.NaN);
            try (NormalizeResult r = new Normalize().execute(arevalo, t, Progress.NONE)) {
                assertEquals(List.of("Cells_Var"), r.normalized().features());
                assertContains(r.report().column("reason").orElseThrow().text(0), "zero_mad", "plate p");
            }
            NormalizeSettings noEps = authors().withMethod(NormalizeSettings.Method.ROBUST_MAD, true, 0)
                    .withClip(NormalizeSettings.Clip.NONE, 0, 0);
            try (NormalizeResult r = new Normalize().execute(noEps, t, Progress.NONE)) {
                assertEquals(0f, r.normalized().matrix().get(2, 0), "a zero scale gives 0, not NaN");
                assertEquals("1", r.report().column("zero_scale_plates").orElseThrow().text(0));
            }
        }
    }

    @Test
    void missingPlateColumn() throws Exception {
        try (ProfileTable t = TestData.table(new String[] {"p"}, new String[] {"DMSO"}, new String[] {"Cells_A"},
                new float[][] {{1}})) {
            NormalizeSettings s = NormalizeSettings.authors(List.of("Plate"), "Metadata_Control", List.of("DMSO"));
            assertContains(message(assertThrows(SettingsException.class, () -> new Normalize().configure(s,
                    t.schema()))), "plate columns", "'Plate' not found", "Metadata_Plate");
        }
    }

    @Test
    void outputThatCannotBeWrittenLeavesExistingFilesAlone() throws Exception {
        try (ProfileTable t = ProfileFiles.read(TestData.example(TestData.RECIPE_PARQUET))) {
            Path missingDir = tmp.resolve("no/such/dir/out.csv");
            assertContains(message(assertThrows(IOException.class, () -> ProfileFiles.write(t, missingDir))),
                    "does not exist");
            Path existing = TestData.write(tmp, "keep.csv", "old content");
            existing.toFile().setWritable(false);
            try {
                if (!Files.isWritable(existing)) { // root ignores file permissions
                    assertThrows(IOException.class, () -> ProfileFiles.write(t, existing));
                }
            } finally {
                existing.toFile().setWritable(true);
            }
            assertEquals("old content", Files.readString(existing));
            Path dirAsFile = Files.createDirectory(tmp.resolve("adir"));
            assertContains(message(assertThrows(IOException.class, () -> ProfileFiles.write(t, dirAsFile))),
                    "is a folder");
        }
    }
}

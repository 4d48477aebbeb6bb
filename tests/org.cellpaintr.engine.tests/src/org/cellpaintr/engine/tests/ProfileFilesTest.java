package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileFilesTest {

    @TempDir
    Path tmp;

    /** The first data line of the gzip file, split naively (the fields checked hold no quotes). */
    private static String[][] headerAndFirstRow(Path gz) throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.UTF_8))) {
            return new String[][] {r.readLine().split(","), r.readLine().split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")};
        }
    }

    @Test
    void readsTheDahlinPlatesWithNumericMetadataKeptAsMetadata() throws Exception {
        Path file = TestData.example(TestData.DAHLIN);
        try (ProfileTable t = ProfileFiles.read(file)) {
            assertEquals(1948, t.rowCount());
            assertEquals(352, t.features().size());
            assertEquals(33, t.metadata().size());
            // numeric metadata that must not become features
            assertInstanceOf(NumberColumn.class, t.column("Compound Concentration (microMolar)").orElseThrow());
            assertInstanceOf(NumberColumn.class, t.column("Mahalanobis distance").orElseThrow());
            assertInstanceOf(TextColumn.class, t.column("Plate").orElseThrow());
            assertEquals("BR00110368", t.column("Plate").orElseThrow().text(0));
            // quoted field with commas
            assertTrue(t.column("Channels").orElseThrow().text(0).startsWith("Ch1 (blue): Nuclei, Ch2"));
            String[][] raw = headerAndFirstRow(file);
            List<String> header = List.of(raw[0]);
            for (String f : List.of("Cells_AreaShape_Area", t.features().get(200), t.features().get(351))) {
                float expected = Float.parseFloat(raw[1][header.indexOf(f)]);
                assertEquals(expected, t.matrix().get(0, t.featureIndex(f)), f);
            }
        }
    }

    @Test
    void parquetAndItsCsvCopyAgree() throws Exception {
        try (ProfileTable p = ProfileFiles.read(TestData.example(TestData.RECIPE_PARQUET));
                ProfileTable c = ProfileFiles.read(TestData.example(TestData.RECIPE_CSV))) {
            assertEquals(2264, p.rowCount());
            assertEquals(c.features(), p.features());
            assertEquals(3, p.features().size());
            for (String col : List.of("Metadata_Source", "Metadata_Plate", "Metadata_Well", "Metadata_JCP2022")) {
                MetadataColumn a = p.column(col).orElseThrow();
                MetadataColumn b = c.column(col).orElseThrow();
                for (int r = 0; r < p.rowCount(); r++) {
                    assertEquals(b.text(r), a.text(r), col + " row " + r);
                }
            }
            for (int r = 0; r < p.rowCount(); r++) {
                for (int j = 0; j < 3; j++) {
                    // the CSV copy has 9 significant digits
                    float a = p.matrix().get(r, j);
                    assertEquals(a, c.matrix().get(r, j), 1e-6 * Math.max(1, Math.abs(a)));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.csv", "t.csv.gz", "t.parquet", "t.arrow"})
    void everyFormatRoundTripsValuesAndColumnRoles(String name) throws Exception {
        try (ProfileTable t = ProfileFiles.read(TestData.example(TestData.DAHLIN))) {
            Path out = tmp.resolve(name);
            ProfileFiles.write(t, out);
            try (ProfileTable back = ProfileFiles.read(out)) {
                assertEquals(t.features(), back.features());
                assertEquals(t.metadata().stream().map(MetadataColumn::name).toList(),
                        back.metadata().stream().map(MetadataColumn::name).toList());
                for (int r = 0; r < t.rowCount(); r += 7) {
                    assertArrayEquals(t.matrix().readRow(r), back.matrix().readRow(r), "row " + r);
                    for (MetadataColumn c : t.metadata()) {
                        assertEquals(c.text(r), back.column(c.name()).orElseThrow().text(r), c.name());
                    }
                }
                assertInstanceOf(NumberColumn.class, back.column("Compound Concentration (microMolar)").orElseThrow());
            }
            try (var files = Files.list(tmp)) {
                assertEquals(List.of(out.getFileName().toString()),
                        files.map(p -> p.getFileName().toString()).toList(), "no temporary file left behind");
            }
        }
    }

    @Test
    void explicitRulesOverrideTheCellProfilerDefault() throws Exception {
        Path f = TestData.write(tmp, "x.csv", "Plate,Dose,Cells_A,Nuclei_B,Metadata_C\np1,1.5,1,2,3\np2,2.5,4,5,6\n");
        try (ProfileTable t = ProfileFiles.read(f)) {
            assertEquals(List.of("Cells_A", "Nuclei_B"), t.features());
        }
        try (ProfileTable t = ProfileFiles.read(f, new FeatureColumnRule(List.of("Dose", "Cells_A"), List.of(), null),
                Progress.NONE)) {
            assertEquals(List.of("Dose", "Cells_A"), t.features());
        }
        try (ProfileTable t = ProfileFiles.read(f, new FeatureColumnRule(List.of(), List.of("Nuclei_B"), ".*_.*"),
                Progress.NONE)) {
            assertEquals(List.of("Cells_A"), t.features(), "Metadata_C is always metadata; Nuclei_B excluded");
        }
    }

    @Test
    void nanAndInfinityAreReadAsSuch() throws Exception {
        Path f = TestData.write(tmp, "x.csv", "Metadata_Plate,Cells_A,Cells_B\np1,NaN,inf\np1,,-Infinity\np1,NA,1e3\n");
        try (ProfileTable t = ProfileFiles.read(f)) {
            assertTrue(Float.isNaN(t.matrix().get(0, 0)));
            assertEquals(Float.POSITIVE_INFINITY, t.matrix().get(0, 1));
            assertTrue(Float.isNaN(t.matrix().get(1, 0)));
            assertEquals(Float.NEGATIVE_INFINITY, t.matrix().get(1, 1));
            assertEquals(1000f, t.matrix().get(2, 1));
            assertFalse(t.column("Metadata_Plate").orElseThrow().isMissing(0));
        }
    }
}

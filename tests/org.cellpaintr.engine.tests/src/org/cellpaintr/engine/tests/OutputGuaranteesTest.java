package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.cellpaintr.cli.ExitCleanup;
import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.io.ProfileFormatException;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.tests.CommandLineTest.Run;
import org.cellpaintr.engine.tests.metrics.Synthetic;
import org.cellpaintr.engine.util.AtomicFiles;
import org.cellpaintr.engine.util.OutputLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line and the engine promise about files (docs/command-line.md), each against bad use. */
class OutputGuaranteesTest {

    @TempDir
    Path tmp;

    private static Run run(String... args) {
        return CommandLineTest.run(args);
    }

    private static ProfileTable small() {
        return TestData.table(new String[] {"P1", "P1", "P2"}, new String[] {"neg", "x", "neg"},
                new String[] {"Cells_A", "Cells_B"}, new float[][] {{1f, 2f, 3.5f}, {-1f, 0.25f, 7f}});
    }

    @Test
    void twoRolesOnOneFileAreRefusedBeforeAnyWork() throws Exception {
        Path input = tmp.resolve("in.csv");
        ProfileFiles.write(small(), input);
        byte[] before = Files.readAllBytes(input);
        Path sub = Files.createDirectory(tmp.resolve("sub"));
        Path link = Files.createSymbolicLink(tmp.resolve("link.csv"), input);
        String[][] cases = {
            {"normalize", "--input", input.toString(), "--output", sub + "/../in.csv", "--control-column",
                "Metadata_Control", "--control-value", "neg"},
            {"normalize", "--input", input.toString(), "--output", link.toString(), "--control-column",
                "Metadata_Control", "--control-value", "neg"},
            {"normalize", "--input", input.toString(), "--output", tmp.resolve("o.csv").toString(), "--report",
                tmp.resolve("./o.csv").toString(), "--control-column", "Metadata_Control", "--control-value", "neg"},
            {"train", "--stage", "1", "--input", input.toString(), "--model-out", input.toString()},
            {"correct", "--method", "combat", "--batch-column", "Metadata_Plate", "--input", input.toString(),
                "--output", input.toString()},
        };
        for (String[] c : cases) {
            Run r = run(c);
            assertEquals(2, r.code(), String.join(" ", c) + "\n" + r.err());
            assertTrue(r.err().contains("is the same file as"), r.err());
            assertFalse(r.err().contains("read "), "refused before reading: " + r.err());
            assertArrayEquals(before, Files.readAllBytes(input), "the input is untouched");
        }
        assertFalse(Files.exists(tmp.resolve("o.csv")));
    }

    @Test
    void newOutputsTakeTheUmaskPermissionsAndAReplacedFileKeepsItsOwn() throws Exception {
        // the umask's permissions: what a plain file creation in the same folder gets
        Path probe = Files.createFile(tmp.resolve("probe"));
        Set<PosixFilePermission> umaskDefault = Files.getPosixFilePermissions(probe);
        Path fresh = tmp.resolve("fresh.csv");
        ProfileFiles.write(small(), fresh);
        assertEquals(umaskDefault, Files.getPosixFilePermissions(fresh));
        assertTrue(umaskDefault.contains(PosixFilePermission.OWNER_READ));

        Path shared = tmp.resolve("shared.csv");
        Files.writeString(shared, "old");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r-----"));
        ProfileFiles.write(small(), shared);
        assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(shared));
        Path model = tmp.resolve("bytes.bin");
        Files.writeString(model, "old");
        Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rw-rw-r--"));
        AtomicFiles.writeBytes(model, new byte[] {1, 2, 3});
        assertEquals(PosixFilePermissions.fromString("rw-rw-r--"), Files.getPosixFilePermissions(model));
    }

    @Test
    void tsvIsWrittenWithTabsAndUnknownEndingsAreRefused() throws Exception {
        Path tsv = tmp.resolve("t.tsv");
        ProfileFiles.write(small(), tsv);
        String header = Files.readAllLines(tsv).get(0);
        assertEquals("Metadata_Plate\tMetadata_Control\tCells_A\tCells_B", header);
        try (ProfileTable back = ProfileFiles.read(tsv)) {
            assertEquals(List.of("Cells_A", "Cells_B"), back.features());
            assertEquals(3.5f, back.matrix().get(2, 0));
        }
        Path xlsx = tmp.resolve("t.xlsx");
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> ProfileFiles.write(small(), xlsx));
        assertTrue(e.getMessage().contains("unknown file ending"), e.getMessage());
        assertFalse(Files.exists(xlsx));
        Path input = tmp.resolve("in.csv");
        ProfileFiles.write(small(), input);
        Run r = run("normalize", "--input", input.toString(), "--output", xlsx.toString(), "--control-column",
                "Metadata_Control", "--control-value", "neg");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--output: file '" + xlsx + "': unknown file ending"), r.err());
        assertFalse(r.err().contains("read "), "refused before reading: " + r.err());
    }

    @Test
    void embeddingFilesAreRecognisedAndAFileWithoutFeaturesSaysWhatToDo() throws Exception {
        Path emb = TestData.write(tmp, "emb.csv", "Metadata_Well,emb_0,emb_1,emb_2,dose\nA01,0.5,1,2,10\nA02,1,2,3,20\n");
        try (ProfileTable t = ProfileFiles.read(emb)) {
            assertEquals(List.of("emb_0", "emb_1", "emb_2"), t.features());
        }
        Path none = TestData.write(tmp, "none.csv", "Metadata_Well,a,b\nA01,1,2\n");
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> ProfileFiles.read(none));
        assertTrue(e.getMessage().contains("--feature-pattern"), e.getMessage());
        Path semicolons = TestData.write(tmp, "semi.csv", "Metadata_Well;Cells_A;Cells_B\nA01;1;2\n");
        e = assertThrows(ProfileFormatException.class, () -> ProfileFiles.read(semicolons));
        assertTrue(e.getMessage().contains("holding semicolons: the file is not comma-separated"), e.getMessage());
    }

    @Test
    void anInterruptRemovesTheTemporaryFileAndSaysCancelled() throws Exception {
        Path target = tmp.resolve("big.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThrows(IOException.class, () -> AtomicFiles.write(target, partial -> {
            Files.writeString(partial, "half a file");
            assertTrue(Files.exists(partial));
            // what the shutdown hook does when Ctrl-C arrives in the middle of the write
            ExitCleanup.forTest(new PrintStream(err, true, StandardCharsets.UTF_8)).onExit();
            assertFalse(Files.exists(partial), "the partial file is gone");
            throw new IOException("interrupted");
        }));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("cellpaintr: cancelled; removed 1 unfinished"),
                err.toString(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void anErrorWhileWritingLeavesNoPartialFileAndKeepsTheOldOutput() throws Exception {
        Path target = tmp.resolve("kept.csv");
        Files.writeString(target, "previous result");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, partial -> {
            Files.writeString(partial, "half");
            throw new IOException("disk full");
        }));
        assertEquals("previous result", Files.readString(target));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void aSecondRunOnALockedOutputIsRefused() throws Exception {
        Path input = tmp.resolve("in.csv");
        ProfileFiles.write(small(), input);
        Path model = tmp.resolve("m.cptr");
        try (OutputLock held = OutputLock.acquire("--model-out", model)) {
            assertThrows(SettingsException.class, () -> OutputLock.acquire("--model-out", model).close());
            Run r = run("train", "--stage", "1", "--input", input.toString(), "--model-out", model.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("is being written by another run"), r.err());
        }
        OutputLock.acquire("--model-out", model).close(); // released: the next run may write
        assertFalse(Files.exists(OutputLock.lockFileOf(model)), "no lock file left behind");
    }

    @Test
    void numericOptionsAreParsedIntoTheirTypeAndMustBeFinite() throws Exception {
        Path input = tmp.resolve("in.csv");
        ProfileFiles.write(small(), input);
        String m = tmp.resolve("m.cptr").toString();
        Run wrap = run("train", "--stage", "1", "--input", input.toString(), "--model-out", m, "--epochs", "4294967297");
        assertEquals(2, wrap.code(), wrap.err());
        assertTrue(wrap.err().contains("--epochs: 4294967297 is out of range"), wrap.err());
        Run huge = run("train", "--stage", "1", "--input", input.toString(), "--model-out", m, "--layers",
                "99999999999999999999");
        assertEquals(2, huge.code(), huge.err());
        for (String lr : List.of("Infinity", "NaN", "1e999", "-Infinity")) {
            Run r = run("train", "--stage", "1", "--input", input.toString(), "--model-out", m, "--lr", lr);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--lr: '" + lr + "' is not a finite number"), r.err());
        }
        assertFalse(Files.exists(Path.of(m)));
    }

    @Test
    void oneBatchIsAnErrorForCorrectionAndLeavesBatchMetricsMissing() throws Exception {
        try (ProfileTable one = Synthetic.plates(20, 3, 3, 6, 1, 12, 3.0, 0.0, 1.0, 4)) {
            for (CorrectionSettings s : List.of(CorrectionSettings.combat("batch", List.of(), true),
                    CorrectionSettings.harmony("batch", HarmonyOptions.arevalo()))) {
                SettingsException e = assertThrows(SettingsException.class,
                        () -> new CorrectBatchEffects().execute(s, one, Progress.NONE));
                assertTrue(e.getMessage().contains("needs at least two batches"), e.getMessage());
            }
            ScoreSettings s = ScoreSettings.defaults("batch", "label", "plate", "well", "control", "negcon", null)
                    .withNullSize(200);
            try (ScoreResult r = new ScoreBatchCorrection().execute(s, one, Progress.NONE)) {
                for (String batchMetric : List.of("iLISI", "kBET", "silhouette batch", "graph connectivity")) {
                    assertTrue(Double.isNaN(r.value(batchMetric)), batchMetric + " = " + r.value(batchMetric));
                }
                assertTrue(Double.isNaN(r.value(ScoreBatchCorrection.AGG_BATCH)));
                assertTrue(Double.isNaN(r.value(ScoreBatchCorrection.AGG_OVERALL)));
                assertFalse(Double.isNaN(r.value(ScoreBatchCorrection.AGG_BIO)));
            }
        }
    }

    @Test
    void helpSaysThePatternMatchesWholeNamesAndHarmonysRandomStreamIsAnOption() throws Exception {
        Run help = run("score", "--help");
        assertTrue(help.out().contains("whole name matches REGEX"), help.out());
        Run correctHelp = run("correct", "--help");
        assertTrue(correctHelp.out().contains("--harmonypy-version 0.0.10|0.0.9"), correctHelp.out());
        Path input = tmp.resolve("in.csv");
        ProfileFiles.write(small(), input);
        Run bad = run("correct", "--method", "harmony", "--batch-column", "Metadata_Plate", "--input", input.toString(),
                "--output", tmp.resolve("o.csv").toString(), "--harmonypy-version", "0.0.8");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--harmonypy-version: '0.0.8' is not one of [0.0.9, 0.0.10]"), bad.err());
    }

    @Test
    void rowsAreCountedFromOneInEveryOperation() throws Exception {
        try (ProfileTable t = TestData.table(new String[] {"P1", "P2", "P1"}, null, new String[] {"Cells_A"},
                new float[][] {{1f, Float.NaN, 2f}})) {
            SettingsException c = assertThrows(SettingsException.class, () -> new CorrectBatchEffects().execute(
                    CorrectionSettings.combat("Metadata_Plate", List.of(), true), t, Progress.NONE));
            assertTrue(c.getMessage().contains("in row 2;"), c.getMessage());
            ScoreSettings s = ScoreSettings.defaults("Metadata_Plate", "Metadata_Plate", "Metadata_Plate", null, null,
                    null, null).withMetrics(java.util.EnumSet.of(org.cellpaintr.engine.metrics.Metric.ILISI));
            SettingsException sc = assertThrows(SettingsException.class,
                    () -> new ScoreBatchCorrection().execute(s, t, Progress.NONE).close());
            assertTrue(sc.getMessage().contains("in row 2;"), sc.getMessage());
        }
    }

    @Test
    void aCompletedTrainingCountsEpochsFromOneAndLeavesOnlyItsModel() throws Exception {
        Path model = tmp.resolve("s1.model");
        Run r = run("train", "--stage", "1", "--input", TestData.example(TestData.DAHLIN).toString(), "--model-out",
                model.toString(), "--plate-column", "Plate", "--source", "batch1", "--d-model", "8", "--layers", "1",
                "--mlp-width", "16", "--filter-width", "8", "--epochs", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("stage 1 (1-masked-modelling): epoch 1/1 mean loss "), r.out());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(model), files.toList(), "no checkpoint, lock or temporary file is left");
        }
        Path probe = Files.createFile(tmp.resolve("probe"));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(model));
    }
}

package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.cellpaintr.cli.CellPainTR;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.settings.SettingsXml;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line reads a node's saved settings with {@code --settings FILE}: the same keys mean the same options,
 * so a node's settings and the equivalent options give byte-identical outputs; options on the command line win; a
 * key the command does not know is refused.
 */
class CommandLineSettingsTest {

    @TempDir
    Path tmp;

    /** Runs a command and checks it succeeds, showing its output when it does not. */
    private static void succeeds(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertEquals(0, new CellPainTR().run(args, p, p), () -> sink.toString(StandardCharsets.UTF_8));
    }

    private static String plates() {
        return Repo.exampleData().resolve(
                "jump_recipe_fixtures/pipeline_1_trimmed_profiles_var_mad_int_featselect.csv.gz").toString();
    }

    @Test
    void aNodesSettingsFileEqualsTheOptions() throws Exception {
        // the Normalize node's full saved settings (JUMP column names by default), with one value changed
        // (some plates of this trimmed file have no DMSO wells, hence the fallback to all wells)
        SettingsTree node = NodeCatalog.NORMALIZE.layout().defaults().put("clip-high", 95.0)
                .put("fallback-all-wells", true);
        Path settings = tmp.resolve("settings.xml");
        SettingsXml.write(node, settings);
        Path fromFile = tmp.resolve("from-file.csv");
        Path fromOptions = tmp.resolve("from-options.csv");
        Path plain = tmp.resolve("plain.csv");
        succeeds("normalize", "--input", plates(), "--output", fromFile.toString(), "--settings",
                settings.toString());
        succeeds("normalize", "--input", plates(), "--output", fromOptions.toString(), "--plate-column",
                "Metadata_Plate", "--control-column", "Metadata_JCP2022", "--control-value", "JCP2022_033924",
                "--clip-high", "95", "--fallback-all-wells");
        succeeds("normalize", "--input", plates(), "--output", plain.toString(), "--plate-column",
                "Metadata_Plate", "--control-column", "Metadata_JCP2022", "--control-value", "JCP2022_033924",
                "--fallback-all-wells");
        assertArrayEquals(Files.readAllBytes(fromOptions), Files.readAllBytes(fromFile));
        assertFalse(Arrays.equals(Files.readAllBytes(plain), Files.readAllBytes(fromFile)),
                "the file's clip-high was applied (the authors' 99 gives another result)");
        // an option given on the command line wins over the file
        Path overridden = tmp.resolve("overridden.csv");
        succeeds("normalize", "--input", plates(), "--output", overridden.toString(), "--settings",
                settings.toString(), "--clip-high", "99");
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(overridden));
    }

    @Test
    void keysTheCommandDoesNotKnowAreRefused() throws Exception {
        Path settings = tmp.resolve("train.xml");
        SettingsXml.write(NodeCatalog.TRAIN_STAGE.layout().defaults(), settings);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CellPainTR().run(new String[] {"normalize", "--input", plates(), "--output",
                tmp.resolve("x.csv").toString(), "--settings", settings.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("is not an option of this command"), message);
    }
}

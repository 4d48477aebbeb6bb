package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.cellpaintr.knime.base.LocalFile;
import org.junit.jupiter.api.Test;

/**
 * File settings: URLs (the templates' workflow-relative {@code knime://knime.workflow/...}) go to KNIME's resolver,
 * everything else, Windows drive paths included, is a plain path.
 */
class LocalFileTest {

    @Test
    void urlsAreToldFromPaths() {
        assertTrue(LocalFile.isUrl("knime://knime.workflow/data/dahlin_4_plates.csv.gz"));
        assertTrue(LocalFile.isUrl("file:/tmp/profiles.parquet"));
        assertFalse(LocalFile.isUrl("/tmp/profiles.parquet"));
        assertFalse(LocalFile.isUrl("profiles.csv.gz"));
        assertFalse(LocalFile.isUrl("C:\\data\\profiles.csv"), "a drive letter is not a URL scheme");
    }

    @Test
    void plainPathsStayAsWritten() throws Exception {
        assertEquals(Path.of("/tmp/a b/profiles.csv"), LocalFile.resolve("/tmp/a b/profiles.csv", "input"));
        assertEquals(Path.of("rel/p.csv"), LocalFile.resolve("rel/p.csv", "input"));
    }
}

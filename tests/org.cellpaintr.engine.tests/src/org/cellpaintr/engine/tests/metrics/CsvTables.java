package org.cellpaintr.engine.tests.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;

/** The example CSV.gz files, read by the engine with explicit metadata/feature columns. */
public final class CsvTables {

    private CsvTables() {
    }

    public static Path example(String relative) {
        String dir = System.getProperty("cellpaintr.example.dir", "workflows/data");
        return Path.of(dir).resolve(relative);
    }

    /**
     * The first {@code metadataColumns} columns as metadata, the rest as features whatever their names (the
     * reference files written by Python name their columns freely).
     */
    public static ProfileTable read(Path file, int metadataColumns) throws IOException {
        List<String> header;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            header = List.of(r.readLine().split(","));
        }
        try {
            return ProfileFiles.read(file, new FeatureColumnRule(header.subList(metadataColumns, header.size()), null, null),
                    Progress.NONE);
        } catch (CanceledException e) {
            throw new IllegalStateException(e);
        }
    }
}

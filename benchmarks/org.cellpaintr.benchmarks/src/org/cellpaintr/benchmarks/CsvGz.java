package org.cellpaintr.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/**
 * The example CSV.gz files for the benchmark mains: the engine's reader, with the first {@code metadataColumns}
 * columns as metadata and the rest as features whatever their names.
 */
public final class CsvGz {

    private CsvGz() {
    }

    public static ProfileTable read(Path file, int metadataColumns) throws IOException {
        // the engine's reader, told which columns are features: every column after the first metadataColumns
        List<String> header;
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(file)),
                java.nio.charset.StandardCharsets.UTF_8))) {
            header = List.of(r.readLine().split(","));
        }
        try {
            return org.cellpaintr.engine.io.ProfileFiles.read(file, new org.cellpaintr.engine.io.FeatureColumnRule(
                    header.subList(metadataColumns, header.size()), null, null), org.cellpaintr.engine.op.Progress.NONE);
        } catch (org.cellpaintr.engine.op.CanceledException e) {
            throw new IllegalStateException(e);
        }
    }

}

package org.cellpaintr.engine.tests.metrics;

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

/** The example CSV.gz files, read by the engine with explicit metadata/feature columns. */
public final class CsvTables {

    private CsvTables() {
    }

    public static Path example(String relative) {
        String dir = System.getProperty("cellpaintr.example.dir", "workflows/data");
        return Path.of(dir).resolve(relative);
    }

    /** The first {@code metadataColumns} columns as text metadata, the rest as float features. */
    public static ProfileTable read(Path file, int metadataColumns) throws IOException {
        return org.cellpaintr.engine.bench.CsvGz.read(file, metadataColumns);
    }

}

package org.cellpaintr.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.io.CsvLine;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Reads the per-source metadata table of {@code cellpaintr proxy}: a small CSV (or, for a {@code .tsv} name,
 * tab-separated) file with a header row, every column kept as text. Why not the profile readers: they require
 * feature columns, and this table has none (one row per source: microscope, cell line, objective ...).
 */
final class SourceMetadataFile {

    private SourceMetadataFile() {
    }

    static ProfileTable read(Path file) throws IOException, SettingsException {
        char sep = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        List<List<String>> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    try {
                        rows.add(CsvLine.fields(line, sep));
                    } catch (IllegalArgumentException e) {
                        throw new SettingsException("metadata", "file '" + file + "': " + e.getMessage());
                    }
                }
            }
        }
        if (rows.size() < 2) {
            throw new SettingsException("metadata", "file '" + file + "' needs a header row and one row per source");
        }
        List<String> header = rows.get(0);
        List<MetadataColumn> cols = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String[] values = new String[rows.size() - 1];
            for (int r = 1; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                if (row.size() != header.size()) {
                    throw new SettingsException("metadata", "file '" + file + "' line " + (r + 1) + " has "
                            + row.size() + " fields, the header " + header.size());
                }
                values[r - 1] = row.get(c);
            }
            cols.add(TextColumn.of(header.get(c).trim(), values));
        }
        return ProfileTable.ofMetadata(cols);
    }
}

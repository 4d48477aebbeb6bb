package org.cellpaintr.engine.bench;

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
 * A minimal reader of the example CSV.gz files for the benchmark mains (the engine's real readers live in the io
 * package): the first {@code metadataColumns} columns as text, the rest as float features; double quotes honoured.
 */
public final class CsvGz {

    private CsvGz() {
    }

    public static ProfileTable read(Path file, int metadataColumns) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            List<String> header = split(in.readLine());
            int f = header.size() - metadataColumns;
            List<TextColumn.Builder> meta = new ArrayList<>();
            for (int c = 0; c < metadataColumns; c++) {
                meta.add(new TextColumn.Builder(header.get(c)));
            }
            FeatureMatrix.Builder b = FeatureMatrix.builder(f);
            float[] row = new float[f];
            String line;
            while ((line = in.readLine()) != null) {
                List<String> cells = split(line);
                for (int c = 0; c < metadataColumns; c++) {
                    meta.get(c).add(cells.get(c));
                }
                for (int c = 0; c < f; c++) {
                    row[c] = Float.parseFloat(cells.get(metadataColumns + c));
                }
                b.appendRow(row);
            }
            List<MetadataColumn> cols = new ArrayList<>();
            meta.forEach(m -> cols.add(m.build()));
            return new ProfileTable(cols, header.subList(metadataColumns, header.size()), b.build());
        }
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}

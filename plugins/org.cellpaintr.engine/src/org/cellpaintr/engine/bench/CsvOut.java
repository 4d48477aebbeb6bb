package org.cellpaintr.engine.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;

/** Writes a profile table as CSV (gzip when the name ends in .gz), quoting text that needs it. */
public final class CsvOut {

    private CsvOut() {
    }

    public static void write(ProfileTable t, Path file) throws IOException {
        var raw = Files.newOutputStream(file);
        var stream = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder();
            for (MetadataColumn c : t.metadata()) {
                sb.append(quote(c.name())).append(',');
            }
            for (String f : t.features()) {
                sb.append(quote(f)).append(',');
            }
            sb.setLength(Math.max(0, sb.length() - 1));
            w.write(sb.toString());
            w.newLine();
            float[] row = new float[t.features().size()];
            for (int r = 0; r < t.rowCount(); r++) {
                sb.setLength(0);
                for (MetadataColumn c : t.metadata()) {
                    sb.append(quote(c.text(r))).append(',');
                }
                t.matrix().readRow(r, row, 0);
                for (float v : row) {
                    sb.append(v).append(',');
                }
                sb.setLength(Math.max(0, sb.length() - 1));
                w.write(sb.toString());
                w.newLine();
            }
        }
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}

package org.cellpaintr.engine.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberText;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * Writes delimited text (comma for CSV, tab for TSV; gzip on request): metadata columns first, then features, floats
 * that read back exactly.
 */
public final class CsvProfileWriter {

    private CsvProfileWriter() {
    }

    /** Writes {@code file} directly; callers wanting atomicity go through {@link ProfileFiles#write}. */
    static void write(ProfileTable table, Path file, boolean gzip, char delimiter, Progress progress)
            throws IOException, CanceledException {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream os = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
                Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
            boolean first = true;
            for (MetadataColumn c : table.metadata()) {
                first = sep(w, first, delimiter);
                w.write(quote(c.name(), delimiter));
            }
            for (String f : table.features()) {
                first = sep(w, first, delimiter);
                w.write(quote(f, delimiter));
            }
            w.write('\n');
            FeatureMatrix m = table.matrix();
            float[] row = new float[m.columns()];
            for (int r = 0; r < table.rowCount(); r++) {
                first = true;
                for (MetadataColumn c : table.metadata()) {
                    first = sep(w, first, delimiter);
                    w.write(quote(c.text(r), delimiter));
                }
                m.readRow(r, row, 0);
                for (float v : row) {
                    first = sep(w, first, delimiter);
                    w.write(NumberText.format(v));
                }
                w.write('\n');
                if ((r & 1023) == 0) {
                    progress.checkCanceled();
                    progress.report((double) r / table.rowCount(), "wrote " + r + " rows");
                }
            }
        }
    }

    private static boolean sep(Writer w, boolean first, char delimiter) throws IOException {
        if (!first) {
            w.write(delimiter);
        }
        return false;
    }

    static String quote(String s, char delimiter) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }
}

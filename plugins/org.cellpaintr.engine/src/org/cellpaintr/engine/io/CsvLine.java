package org.cellpaintr.engine.io;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

/**
 * The fields of one line of delimited text, split as the profile readers split records (RFC 4180: double quotes
 * around a field may hold the delimiter, a quote inside is doubled). For small side files (per-source metadata) and
 * line-by-line tools that cannot use the profile readers.
 */
public final class CsvLine {

    private CsvLine() {
    }

    /** The fields of {@code line}; an unclosed quote is an {@link IllegalArgumentException}. */
    public static List<String> fields(String line, char delimiter) {
        List<String> out = CsvRecordReader.newFieldList();
        try {
            if (!new CsvRecordReader(new StringReader(line), delimiter).next(out)) {
                out.add("");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return out;
    }
}

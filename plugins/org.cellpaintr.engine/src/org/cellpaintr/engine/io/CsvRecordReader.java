package org.cellpaintr.engine.io;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits RFC 4180 text into records: fields separated by one delimiter, optionally in double quotes (a quote
 * inside is doubled), records ended by LF or CRLF; quoted fields may hold delimiters and line breaks.
 * Tracks the physical line number for error messages.
 */
final class CsvRecordReader {

    private final Reader in;
    private final char delimiter;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private long line = 1;
    private long recordLine;
    private final StringBuilder field = new StringBuilder(32);

    CsvRecordReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** Line (1-based) on which the last record returned by {@link #next} started. */
    long recordLine() {
        return recordLine;
    }

    /** Makes sure a character is buffered; false at the end of the input. */
    private boolean fill() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return false;
            }
        }
        return true;
    }

    private int read() throws IOException {
        return fill() ? buf[pos++] : -1;
    }

    private int peek() throws IOException {
        return fill() ? buf[pos] : -1;
    }

    /**
     * Reads the next record into {@code fields} (cleared first). Returns false at the end of the input.
     * Blank lines are skipped.
     */
    boolean next(List<String> fields) throws IOException {
        fields.clear();
        int c;
        do {
            c = read();
            if (c == '\n') {
                line++;
            }
        } while (c == '\n' || c == '\r');
        if (c == -1) {
            return false;
        }
        recordLine = line;
        field.setLength(0);
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new IOException("line " + recordLine + ": a quoted field is not closed before the end of the file");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        field.append('"');
                        read();
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == -1) {
                if (c == '\n') {
                    line++;
                }
                fields.add(field.toString());
                return true;
            } else if (c == '\r') {
                // CR of CRLF (or a lone CR): ends nothing by itself
                if (peek() != '\n') {
                    field.append('\r');
                }
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    static List<String> newFieldList() {
        return new ArrayList<>(512);
    }
}

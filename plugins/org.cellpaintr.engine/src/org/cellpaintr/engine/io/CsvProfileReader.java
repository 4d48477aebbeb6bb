package org.cellpaintr.engine.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.NumberText;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * Reads CSV or TSV, plain or gzip-compressed (recognised by its magic bytes, not its name), streaming: one pass,
 * features straight off the heap. Metadata columns become numbers when every value parses as a number.
 */
public final class CsvProfileReader {

    private CsvProfileReader() {
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    public static ProfileTable read(Path file, FeatureColumnRule rule, Progress progress)
            throws IOException, CanceledException {
        long size = Files.size(file);
        if (size == 0) {
            throw new ProfileFormatException(file, "the file is empty (no header line)");
        }
        boolean gzip = isGzip(file);
        CountingInputStream counted = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        InputStream raw = counted;
        try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
            char delimiter = file.getFileName().toString().matches("(?i).*\\.(tsv|txt)(\\.gz)?$") ? '\t' : ',';
            CsvRecordReader records = new CsvRecordReader(new InputStreamReader(in, StandardCharsets.UTF_8), delimiter);
            return parse(file, records, rule, progress, () -> (double) counted.count() / size);
        } catch (EOFException e) {
            throw new ProfileFormatException(file, "the gzip stream is truncated (unexpected end of compressed data)", e);
        } catch (ZipException e) {
            throw new ProfileFormatException(file, "the gzip stream is corrupt: " + e.getMessage(), e);
        }
    }

    private static ProfileTable parse(Path file, CsvRecordReader records, FeatureColumnRule rule, Progress progress,
            java.util.function.DoubleSupplier fractionRead) throws IOException, CanceledException {
        List<String> fields = CsvRecordReader.newFieldList();
        if (!records.next(fields)) {
            throw new ProfileFormatException(file, "the file is empty (no header line)");
        }
        List<String> header = new ArrayList<>(fields);
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        checkHeader(file, header);
        Predicate<String> isFeature = rule.compile(header);
        List<Integer> metaIdx = new ArrayList<>();
        List<Integer> featIdx = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            (isFeature.test(header.get(i)) ? featIdx : metaIdx).add(i);
        }
        if (featIdx.isEmpty()) {
            throw new ProfileFormatException(file, FeatureColumnRule.noFeatureColumns(header,
                    file.getFileName().toString()));
        }
        List<String> metaNames = metaIdx.stream().map(header::get).toList();
        List<String> featNames = featIdx.stream().map(header::get).toList();
        int[] meta = metaIdx.stream().mapToInt(Integer::intValue).toArray();
        int[] feat = featIdx.stream().mapToInt(Integer::intValue).toArray();
        float[] row = new float[feat.length];
        try (TableAssembler out = new TableAssembler(metaNames, Collections.nCopies(meta.length, null), featNames)) {
            while (records.next(fields)) {
                long line = records.recordLine();
                if (fields.size() != header.size()) {
                    throw new ProfileFormatException(file, "line " + line + " has " + fields.size()
                            + " fields but the header has " + header.size());
                }
                for (int j = 0; j < meta.length; j++) {
                    out.addText(j, fields.get(meta[j]));
                }
                for (int j = 0; j < feat.length; j++) {
                    String v = fields.get(feat[j]);
                    try {
                        row[j] = (float) NumberText.parse(v);
                    } catch (NumberFormatException e) {
                        throw new ProfileFormatException(file, "line " + line + ", feature column '"
                                + header.get(feat[j]) + "': '" + abbreviate(v) + "' is not a number");
                    }
                }
                out.endRow(row);
                if ((out.rows() & 1023) == 0) {
                    progress.checkCanceled();
                    progress.report(fractionRead.getAsDouble(), "read " + out.rows() + " rows of " + file.getFileName());
                }
            }
            if (out.rows() == 0) {
                throw new ProfileFormatException(file, "the file has a header but no data rows");
            }
            return out.build();
        }
    }

    static void checkHeader(Path file, List<String> header) throws ProfileFormatException {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name.isBlank()) {
                throw new ProfileFormatException(file, "column " + (i + 1) + " has an empty name");
            }
            Integer before = seen.put(name, i);
            if (before != null) {
                throw new ProfileFormatException(file, "column name '" + name + "' appears twice (columns "
                        + (before + 1) + " and " + (i + 1) + ")");
            }
        }
    }

    static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "..." : v;
    }

    /** Counts compressed bytes consumed, for progress. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

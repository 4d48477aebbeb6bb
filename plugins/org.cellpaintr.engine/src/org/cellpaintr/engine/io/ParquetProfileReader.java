package org.cellpaintr.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.TextColumn;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * Reads Parquet (JUMP's per-plate profile files) without Hadoop: the file's column chunks are read one row group
 * at a time with Parquet's column readers, primitive values without boxing, and rows are assembled into the
 * off-heap matrix. Only flat schemas (no nested or repeated fields) are profile tables.
 */
public final class ParquetProfileReader {

    /** Feature columns read together from one row group. */
    static final int COLUMN_BATCH = 128;

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private ParquetProfileReader() {
    }

    static boolean hasMagic(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 12) {
            return false;
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) != 4 || !Arrays.equals(head, MAGIC)) {
                return false;
            }
        }
        try (var ch = Files.newByteChannel(file)) {
            ch.position(size - 4);
            var tail = java.nio.ByteBuffer.allocate(4);
            ch.read(tail);
            return Arrays.equals(tail.array(), MAGIC);
        }
    }

    public static ProfileTable read(Path file, FeatureColumnRule rule, Progress progress)
            throws IOException, CanceledException {
        if (Files.size(file) == 0) {
            throw new ProfileFormatException(file, "the file is empty");
        }
        if (!hasMagic(file)) {
            throw new ProfileFormatException(file, "not a Parquet file (the PAR1 marker is missing at its start or end)");
        }
        try (ParquetFileReader reader = ParquetFileReader.open(blue.strategic.parquet.ParquetReader.makeInputFile(file.toFile()))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            List<ColumnDescriptor> columns = schema.getColumns();
            List<String> names = new ArrayList<>();
            for (ColumnDescriptor c : columns) {
                if (c.getPath().length != 1 || c.getMaxRepetitionLevel() > 0) {
                    throw new ProfileFormatException(file, "column '" + String.join(".", c.getPath())
                            + "' is nested or repeated; profile tables are flat");
                }
                names.add(c.getPath()[0]);
            }
            CsvProfileReader.checkHeader(file, names);
            Predicate<String> isFeature = rule.compile(names);
            List<Integer> metaIdx = new ArrayList<>();
            List<Integer> featIdx = new ArrayList<>();
            List<ColumnKind> metaKinds = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                boolean numeric = isNumeric(columns.get(i).getPrimitiveType());
                if (isFeature.test(names.get(i))) {
                    if (!numeric) {
                        throw new ProfileFormatException(file, "feature column '" + names.get(i) + "' holds "
                                + describe(columns.get(i).getPrimitiveType()) + ", not numbers");
                    }
                    featIdx.add(i);
                } else {
                    metaIdx.add(i);
                    metaKinds.add(numeric ? ColumnKind.NUMBER : ColumnKind.TEXT);
                }
            }
            if (featIdx.isEmpty()) {
                throw new ProfileFormatException(file, FeatureColumnRule.noFeatureColumns(names,
                        file.getFileName().toString()));
            }
            long total = reader.getRecordCount();
            if (total == 0) {
                throw new ProfileFormatException(file, "the file has columns but no rows");
            }
            if (total > Integer.MAX_VALUE) {
                throw new ProfileFormatException(file, total + " rows is more than one table can hold");
            }
            List<String> metaNames = metaIdx.stream().map(names::get).toList();
            List<String> featNames = featIdx.stream().map(names::get).toList();
            int rows = (int) total;
            FeatureMatrix matrix = FeatureMatrix.zeros(rows, featIdx.size());
            boolean success = false;
            try {
                Object[] meta = new Object[metaIdx.size()];
                for (int j = 0; j < meta.length; j++) {
                    meta[j] = metaKinds.get(j) == ColumnKind.NUMBER ? new double[rows] : new TextColumn.Builder(metaNames.get(j));
                }
                int groups = reader.getRowGroups().size();
                int rowStart = 0;
                for (int g = 0; g < groups; g++) {
                    int n = Math.toIntExact(reader.getRowGroups().get(g).getRowCount());
                    // metadata columns of this row group
                    if (!metaIdx.isEmpty()) {
                        progress.checkCanceled();
                        PageReadStore store = readColumns(reader, columns, metaIdx, g);
                        ColumnReadStoreImpl cols = new ColumnReadStoreImpl(store, new DummyRecordConverter(schema)
                                .getRootConverter(), schema, createdBy);
                        for (int j = 0; j < meta.length; j++) {
                            ColumnReader cr = cols.getColumnReader(columns.get(metaIdx.get(j)));
                            if (meta[j] instanceof double[] d) {
                                System.arraycopy(readDoubles(cr, n), 0, d, rowStart, n);
                            } else {
                                for (String v : readStrings(cr, n)) {
                                    ((TextColumn.Builder) meta[j]).add(v);
                                }
                            }
                        }
                    }
                    // feature columns, a batch at a time, so that the heap holds one batch of one row group
                    int[] rowIndex = new int[n];
                    for (int i = 0; i < n; i++) {
                        rowIndex[i] = rowStart + i;
                    }
                    for (int first = 0; first < featIdx.size(); first += COLUMN_BATCH) {
                        progress.checkCanceled();
                        int count = Math.min(COLUMN_BATCH, featIdx.size() - first);
                        List<Integer> batch = featIdx.subList(first, first + count);
                        PageReadStore store = readColumns(reader, columns, batch, g);
                        ColumnReadStoreImpl cols = new ColumnReadStoreImpl(store, new DummyRecordConverter(schema)
                                .getRootConverter(), schema, createdBy);
                        float[][] block = new float[count][];
                        for (int c = 0; c < count; c++) {
                            block[c] = readFloats(cols.getColumnReader(columns.get(batch.get(c))), n);
                        }
                        matrix.writeColumnBlock(rowIndex, first, count, block);
                        progress.report((rowStart + (double) n * (first + count) / featIdx.size()) / total,
                                "read " + rowStart + " of " + total + " rows of " + file.getFileName());
                    }
                    rowStart += n;
                }
                List<MetadataColumn> metaCols = new ArrayList<>();
                for (int j = 0; j < meta.length; j++) {
                    metaCols.add(meta[j] instanceof double[] d ? new NumberColumn(metaNames.get(j), d)
                            : ((TextColumn.Builder) meta[j]).build());
                }
                ProfileTable table = new ProfileTable(metaCols, featNames, matrix);
                success = true;
                return table;
            } finally {
                if (!success) {
                    matrix.close();
                }
            }
        } catch (ProfileFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // corrupt content surfaces as either; the message must still name the file
            throw new ProfileFormatException(file, "cannot be read as Parquet: " + e.getMessage(), e);
        }
    }

    /** Reads only the given columns of one row group (Parquet reads whole column chunks onto the heap). */
    private static PageReadStore readColumns(ParquetFileReader reader, List<ColumnDescriptor> columns,
            List<Integer> which, int group) throws IOException {
        List<Type> fields = new ArrayList<>();
        for (int i : which) {
            fields.add(columns.get(i).getPrimitiveType());
        }
        reader.setRequestedSchema(new MessageType("batch", fields));
        return reader.readRowGroup(group);
    }

    private static boolean isNumeric(PrimitiveType t) {
        switch (t.getPrimitiveTypeName()) {
            case FLOAT: case DOUBLE: case INT32: case INT64:
                return true;
            default:
                return false;
        }
    }

    private static String describe(PrimitiveType t) {
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        return a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation ? "text" : t.getPrimitiveTypeName().toString();
    }

    private static double value(ColumnReader cr) {
        switch (cr.getDescriptor().getPrimitiveType().getPrimitiveTypeName()) {
            case FLOAT: return cr.getFloat();
            case DOUBLE: return cr.getDouble();
            case INT32: return cr.getInteger();
            case INT64: return cr.getLong();
            default: throw new IllegalStateException("not numeric");
        }
    }

    private static float[] readFloats(ColumnReader cr, int n) {
        float[] out = new float[n];
        int maxDef = cr.getDescriptor().getMaxDefinitionLevel();
        boolean isFloat = cr.getDescriptor().getPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT;
        for (int r = 0; r < n; r++) {
            if (cr.getCurrentDefinitionLevel() < maxDef) {
                out[r] = Float.NaN;
            } else {
                out[r] = isFloat ? cr.getFloat() : (float) value(cr);
            }
            cr.consume();
        }
        return out;
    }

    private static double[] readDoubles(ColumnReader cr, int n) {
        double[] out = new double[n];
        int maxDef = cr.getDescriptor().getMaxDefinitionLevel();
        for (int r = 0; r < n; r++) {
            out[r] = cr.getCurrentDefinitionLevel() < maxDef ? Double.NaN : value(cr);
            cr.consume();
        }
        return out;
    }

    private static String[] readStrings(ColumnReader cr, int n) {
        String[] out = new String[n];
        int maxDef = cr.getDescriptor().getMaxDefinitionLevel();
        PrimitiveType.PrimitiveTypeName type = cr.getDescriptor().getPrimitiveType().getPrimitiveTypeName();
        for (int r = 0; r < n; r++) {
            if (cr.getCurrentDefinitionLevel() < maxDef) {
                out[r] = null;
            } else if (type == PrimitiveType.PrimitiveTypeName.BOOLEAN) {
                out[r] = Boolean.toString(cr.getBoolean());
            } else {
                out[r] = cr.getBinary().toStringUsingUTF8();
            }
            cr.consume();
        }
        return out;
    }
}

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
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * Reads Parquet (JUMP's per-plate profile files) without Hadoop: the file's column chunks are read one row group
 * at a time with Parquet's column readers, primitive values without boxing, and rows are assembled into the
 * off-heap matrix. Only flat schemas (no nested or repeated fields) are profile tables.
 */
public final class ParquetProfileReader {

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
            Predicate<String> isFeature = rule.compile();
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
                throw new ProfileFormatException(file, "no feature columns found among " + names.size() + " columns");
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
            try (TableAssembler out = new TableAssembler(metaNames, metaKinds, featNames)) {
                DummyRecordConverter converter = new DummyRecordConverter(schema);
                PageReadStore group;
                long done = 0;
                while ((group = reader.readNextRowGroup()) != null) {
                    progress.checkCanceled();
                    int n = Math.toIntExact(group.getRowCount());
                    ColumnReadStoreImpl store = new ColumnReadStoreImpl(group, converter.getRootConverter(), schema, createdBy);
                    // Feature values of this row group, feature-major, then transposed into rows.
                    float[][] feats = new float[featIdx.size()][];
                    for (int j = 0; j < featIdx.size(); j++) {
                        feats[j] = readFloats(store.getColumnReader(columns.get(featIdx.get(j))), n);
                    }
                    Object[] meta = new Object[metaIdx.size()];
                    for (int j = 0; j < metaIdx.size(); j++) {
                        ColumnReader cr = store.getColumnReader(columns.get(metaIdx.get(j)));
                        meta[j] = metaKinds.get(j) == ColumnKind.NUMBER ? readDoubles(cr, n) : readStrings(cr, n);
                    }
                    float[] row = new float[featIdx.size()];
                    for (int r = 0; r < n; r++) {
                        for (int j = 0; j < meta.length; j++) {
                            if (meta[j] instanceof double[] d) {
                                out.addNumber(j, d[r]);
                            } else {
                                out.addText(j, ((String[]) meta[j])[r]);
                            }
                        }
                        for (int j = 0; j < row.length; j++) {
                            row[j] = feats[j][r];
                        }
                        out.endRow(row);
                    }
                    done += n;
                    progress.report((double) done / total, "read " + done + " of " + total + " rows of " + file.getFileName());
                }
                return out.build();
            }
        } catch (ProfileFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // corrupt content surfaces as either; the message must still name the file
            throw new ProfileFormatException(file, "cannot be read as Parquet: " + e.getMessage(), e);
        }
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

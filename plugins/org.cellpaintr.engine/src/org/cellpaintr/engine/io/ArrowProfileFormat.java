package org.cellpaintr.engine.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.Allocators;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Arrow IPC file format (.arrow, Feather v2). Each field carries {@value #ROLE_KEY} = feature|metadata, so a table
 * written here reads back with the same column roles whatever the names; files from elsewhere use the rule.
 */
public final class ArrowProfileFormat {

    static final String ROLE_KEY = "cellpaintr.role";
    private static final int BATCH_ROWS = 4096;

    private ArrowProfileFormat() {
    }

    static boolean hasMagic(Path file) throws IOException {
        if (Files.size(file) < 12) {
            return false;
        }
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(6);
            return new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("ARROW1");
        }
    }

    static void write(ProfileTable table, Path file, Progress progress) throws IOException, CanceledException {
        List<Field> fields = new ArrayList<>();
        for (MetadataColumn c : table.metadata()) {
            ArrowType type = c instanceof NumberColumn ? new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)
                    : ArrowType.Utf8.INSTANCE;
            fields.add(new Field(c.name(), new FieldType(true, type, null, Map.of(ROLE_KEY, "metadata")), null));
        }
        for (String f : table.features()) {
            fields.add(new Field(f, new FieldType(false, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                    null, Map.of(ROLE_KEY, "feature")), null));
        }
        FeatureMatrix m = table.matrix();
        int nMeta = table.metadata().size();
        try (BufferAllocator alloc = Allocators.child("arrow-writer");
                VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), alloc);
                FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.CREATE);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, ch)) {
            writer.start();
            float[] row = new float[m.columns()];
            for (int start = 0; start < table.rowCount(); start += BATCH_ROWS) {
                progress.checkCanceled();
                int n = Math.min(BATCH_ROWS, table.rowCount() - start);
                root.allocateNew();
                for (int j = 0; j < nMeta; j++) {
                    MetadataColumn c = table.metadata().get(j);
                    FieldVector v = root.getVector(j);
                    for (int i = 0; i < n; i++) {
                        int r = start + i;
                        if (c.isMissing(r)) {
                            v.setNull(i);
                        } else if (c instanceof NumberColumn num) {
                            ((Float8Vector) v).setSafe(i, num.get(r));
                        } else {
                            ((VarCharVector) v).setSafe(i, ((TextColumn) c).get(r).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }
                }
                Float4Vector[] fv = new Float4Vector[m.columns()];
                for (int j = 0; j < fv.length; j++) {
                    fv[j] = (Float4Vector) root.getVector(nMeta + j);
                }
                for (int i = 0; i < n; i++) {
                    m.readRow(start + i, row, 0);
                    for (int j = 0; j < row.length; j++) {
                        fv[j].setSafe(i, row[j]);
                    }
                }
                root.setRowCount(n);
                writer.writeBatch();
                progress.report((double) (start + n) / table.rowCount(), "wrote " + (start + n) + " rows");
            }
            writer.end();
        }
    }

    public static ProfileTable read(Path file, FeatureColumnRule rule, Progress progress)
            throws IOException, CanceledException {
        if (!hasMagic(file)) {
            throw new ProfileFormatException(file, Files.size(file) == 0 ? "the file is empty"
                    : "not an Arrow IPC file (the ARROW1 marker is missing)");
        }
        try (BufferAllocator alloc = Allocators.child("arrow-reader");
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<Field> fields = root.getSchema().getFields();
            List<String> names = fields.stream().map(Field::getName).toList();
            CsvProfileReader.checkHeader(file, names);
            Predicate<String> isFeature = rule.compile(names);
            List<Integer> metaIdx = new ArrayList<>();
            List<Integer> featIdx = new ArrayList<>();
            List<ColumnKind> kinds = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                String role = f.getMetadata() == null ? null : f.getMetadata().get(ROLE_KEY);
                boolean numeric = f.getType() instanceof ArrowType.FloatingPoint || f.getType() instanceof ArrowType.Int;
                boolean feature = role != null ? role.equals("feature") : isFeature.test(f.getName());
                if (feature) {
                    if (!numeric) {
                        throw new ProfileFormatException(file, "feature column '" + f.getName() + "' holds "
                                + f.getType() + ", not numbers");
                    }
                    featIdx.add(i);
                } else {
                    metaIdx.add(i);
                    kinds.add(numeric ? ColumnKind.NUMBER : ColumnKind.TEXT);
                }
            }
            if (featIdx.isEmpty()) {
                throw new ProfileFormatException(file, FeatureColumnRule.noFeatureColumns(names,
                        file.getFileName().toString()));
            }
            List<ArrowBlock> blocks = reader.getRecordBlocks();
            try (TableAssembler out = new TableAssembler(metaIdx.stream().map(names::get).toList(), kinds,
                    featIdx.stream().map(names::get).toList())) {
                float[] row = new float[featIdx.size()];
                for (int b = 0; b < blocks.size(); b++) {
                    progress.checkCanceled();
                    reader.loadRecordBatch(blocks.get(b));
                    int n = root.getRowCount();
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < metaIdx.size(); j++) {
                            FieldVector v = root.getVector(metaIdx.get(j));
                            if (kinds.get(j) == ColumnKind.NUMBER) {
                                out.addNumber(j, v.isNull(i) ? Double.NaN : numberAt(v, i));
                            } else {
                                Object o = v.getObject(i);
                                out.addText(j, o == null ? null : o.toString());
                            }
                        }
                        for (int j = 0; j < row.length; j++) {
                            FieldVector v = root.getVector(featIdx.get(j));
                            row[j] = v.isNull(i) ? Float.NaN : (float) numberAt(v, i);
                        }
                        out.endRow(row);
                    }
                    progress.report((double) (b + 1) / blocks.size(), "read " + out.rows() + " rows");
                }
                if (out.rows() == 0) {
                    throw new ProfileFormatException(file, "the file has columns but no rows");
                }
                return out.build();
            }
        } catch (ProfileFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // corrupt content surfaces as either; the message must still name the file
            throw new ProfileFormatException(file, "cannot be read as Arrow IPC: " + e.getMessage(), e);
        }
    }

    private static double numberAt(FieldVector v, int i) {
        if (v instanceof Float4Vector f) {
            return f.get(i);
        }
        if (v instanceof FloatingPointVector f) {
            return f.getValueAsDouble(i);
        }
        return ((BaseIntVector) v).getValueAsLong(i);
    }
}

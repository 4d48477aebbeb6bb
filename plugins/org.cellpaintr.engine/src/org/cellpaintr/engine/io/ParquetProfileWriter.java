package org.cellpaintr.engine.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Writes Parquet (snappy): text metadata as UTF-8 strings, numeric metadata as doubles, features as float32.
 *
 * <p>Parquet buffers a whole row group on the heap before writing it, so the row group size bounds the writer's
 * heap use; dictionary encoding is kept for metadata (few distinct values) and switched off for features (float
 * values rarely repeat, and a dictionary per column costs heap for nothing on wide tables).
 */
public final class ParquetProfileWriter {

    /** Bytes of one row group: small enough for a 512 MB heap with thousands of columns. */
    static final long ROW_GROUP_BYTES = 32L << 20;

    private ParquetProfileWriter() {
    }

    static void write(ProfileTable table, Path file, Progress progress) throws IOException, CanceledException {
        List<Type> fields = new ArrayList<>();
        for (MetadataColumn c : table.metadata()) {
            if (c instanceof NumberColumn) {
                fields.add(Types.optional(PrimitiveTypeName.DOUBLE).named(c.name()));
            } else {
                fields.add(Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name()));
            }
        }
        for (String f : table.features()) {
            fields.add(Types.required(PrimitiveTypeName.FLOAT).named(f));
        }
        MessageType schema = new MessageType("profiles", fields);
        Builder builder = new Builder(new LocalOutputFile(file), new RowWriteSupport(schema, table))
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withDictionaryEncoding(false);
        for (MetadataColumn c : table.metadata()) {
            builder = builder.withDictionaryEncoding(c.name(), true);
        }
        try (ParquetWriter<Integer> w = builder.build()) {
            for (int r = 0; r < table.rowCount(); r++) {
                w.write(r);
                if ((r & 1023) == 0) {
                    progress.checkCanceled();
                    progress.report((double) r / table.rowCount(), "wrote " + r + " rows");
                }
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final RowWriteSupport support;

        Builder(LocalOutputFile file, RowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
            return support;
        }
    }

    /** Writes row {@code r} of the table as one record. */
    private static final class RowWriteSupport extends WriteSupport<Integer> {
        private final MessageType schema;
        private final ProfileTable table;
        private final float[] row;
        private RecordConsumer out;

        RowWriteSupport(MessageType schema, ProfileTable table) {
            this.schema = schema;
            this.table = table;
            this.row = new float[table.features().size()];
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Integer boxed) {
            int r = boxed;
            out.startMessage();
            int index = 0;
            for (MetadataColumn c : table.metadata()) {
                if (!c.isMissing(r)) {
                    out.startField(c.name(), index);
                    if (c instanceof NumberColumn n) {
                        out.addDouble(n.get(r));
                    } else {
                        out.addBinary(Binary.fromString(((TextColumn) c).get(r)));
                    }
                    out.endField(c.name(), index);
                }
                index++;
            }
            FeatureMatrix m = table.matrix();
            m.readRow(r, row, 0);
            List<String> names = table.features();
            for (int j = 0; j < row.length; j++) {
                out.startField(names.get(j), index);
                out.addFloat(row[j]);
                out.endField(names.get(j), index);
                index++;
            }
            out.endMessage();
        }
    }
}

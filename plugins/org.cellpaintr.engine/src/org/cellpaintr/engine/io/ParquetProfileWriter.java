package org.cellpaintr.engine.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

import blue.strategic.parquet.ParquetWriter;

/** Writes Parquet: text metadata as UTF-8 strings, numeric metadata as doubles, features as float32. */
public final class ParquetProfileWriter {

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
        FeatureMatrix m = table.matrix();
        float[] row = new float[m.columns()];
        List<MetadataColumn> meta = table.metadata();
        List<String> feats = table.features();
        try (ParquetWriter<Integer> w = ParquetWriter.writeFile(schema, file.toFile(), (r, out) -> {
            for (MetadataColumn c : meta) {
                if (!c.isMissing(r)) {
                    out.write(c.name(), c instanceof NumberColumn n ? (Object) n.get(r) : ((TextColumn) c).get(r));
                }
            }
            m.readRow(r, row, 0);
            for (int j = 0; j < row.length; j++) {
                out.write(feats.get(j), row[j]);
            }
        })) {
            for (int r = 0; r < table.rowCount(); r++) {
                w.write(r);
                if ((r & 1023) == 0) {
                    progress.checkCanceled();
                    progress.report((double) r / table.rowCount(), "wrote " + r + " rows");
                }
            }
        }
    }
}

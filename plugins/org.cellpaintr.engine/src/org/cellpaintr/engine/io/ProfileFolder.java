package org.cellpaintr.engine.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * Reads a folder of per-plate profile files (the JUMP layout: one Parquet file per plate) as one table, files in
 * name order, rows in file order. Every file must have the same columns with the same roles; a file that differs is
 * named with its first differing column. Only one file's table is held at a time besides the growing result.
 */
public final class ProfileFolder {

    private ProfileFolder() {
    }

    /** The profile files of a folder, sorted by name: Parquet, Arrow, CSV, CSV.gz and TSV. */
    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".parquet") || n.endsWith(".arrow") || n.endsWith(".feather") || n.endsWith(".csv")
                        || n.endsWith(".csv.gz") || n.endsWith(".tsv");
            }).sorted().toList();
        }
    }

    /** A file, or every profile file of a folder concatenated. */
    public static ProfileTable read(Path path, FeatureColumnRule rule, Progress progress)
            throws IOException, CanceledException {
        if (!Files.isDirectory(path)) {
            return ProfileFiles.read(path, rule, progress);
        }
        List<Path> files = files(path);
        if (files.isEmpty()) {
            throw new ProfileFormatException(path, "the folder holds no profile files (.parquet, .arrow, .csv, "
                    + ".csv.gz, .tsv)");
        }
        TableAssembler out = null;
        List<String> names = null;
        List<ColumnKind> kinds = null;
        List<String> features = null;
        try {
            for (int f = 0; f < files.size(); f++) {
                Path file = files.get(f);
                progress.checkCanceled();
                try (ProfileTable t = ProfileFiles.read(file, rule, progress.sub((double) f / files.size(),
                        (f + 1.0) / files.size()))) {
                    List<String> n = new ArrayList<>();
                    List<ColumnKind> k = new ArrayList<>();
                    for (MetadataColumn c : t.metadata()) {
                        n.add(c.name());
                        k.add(c instanceof NumberColumn ? ColumnKind.NUMBER : ColumnKind.TEXT);
                    }
                    if (out == null) {
                        names = n;
                        kinds = k;
                        features = t.features();
                        out = new TableAssembler(names, kinds, features);
                    } else {
                        requireSame(file, files.get(0), names, n, "metadata column");
                        requireSame(file, files.get(0), features, t.features(), "feature");
                        for (int i = 0; i < k.size(); i++) {
                            if (k.get(i) != kinds.get(i)) {
                                throw new ProfileFormatException(file, "column '" + n.get(i) + "' holds "
                                        + k.get(i).name().toLowerCase(Locale.ROOT) + " values but "
                                        + kinds.get(i).name().toLowerCase(Locale.ROOT) + " in " + files.get(0).getFileName());
                            }
                        }
                    }
                    append(out, t, kinds);
                }
            }
            ProfileTable result = out.build();
            out = null;
            return result;
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }

    private static void append(TableAssembler out, ProfileTable t, List<ColumnKind> kinds) {
        float[] row = new float[t.features().size()];
        List<MetadataColumn> cols = t.metadata();
        for (int r = 0; r < t.rowCount(); r++) {
            for (int c = 0; c < cols.size(); c++) {
                MetadataColumn col = cols.get(c);
                if (kinds.get(c) == ColumnKind.NUMBER) {
                    out.addNumber(c, ((NumberColumn) col).get(r));
                } else {
                    out.addText(c, col.isMissing(r) ? null : col.text(r));
                }
            }
            t.matrix().readRow(r, row, 0);
            out.endRow(row);
        }
    }

    private static void requireSame(Path file, Path first, List<String> expected, List<String> got, String what)
            throws ProfileFormatException {
        for (int i = 0; i < Math.max(expected.size(), got.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : null;
            String g = i < got.size() ? got.get(i) : null;
            if (e == null || !e.equals(g)) {
                throw new ProfileFormatException(file, what + " " + (i + 1) + " is '" + g + "' but '" + e + "' in "
                        + first.getFileName() + " (every file of the folder needs the same columns)");
            }
        }
    }
}

package org.cellpaintr.engine.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.util.AtomicFiles;

/**
 * Entry point for reading and writing profile tables in any supported format.
 *
 * <p>Reading recognises the format by content (Parquet's PAR1, Arrow's ARROW1, gzip's magic bytes), so a
 * mis-named file is still read or rejected with a message saying what it is not. Writing picks the format from
 * the name ({@code .parquet}, {@code .arrow}/{@code .feather}, {@code .csv}, {@code .csv.gz}, {@code .tsv}) and
 * is atomic: the target appears complete or not at all.
 */
public final class ProfileFiles {

    /** Output formats. */
    public enum Format {
        CSV, CSV_GZ, TSV, TSV_GZ, PARQUET, ARROW
    }

    /** The endings {@link #formatOf} knows, for messages. */
    public static final String KNOWN_ENDINGS = ".csv, .csv.gz, .tsv, .tsv.gz, .txt, .txt.gz, .parquet, .pq, .arrow, "
            + ".feather, .ipc";

    private ProfileFiles() {
    }

    public static ProfileTable read(Path file, FeatureColumnRule rule, Progress progress)
            throws IOException, CanceledException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "input file does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new ProfileFormatException(file, "is a folder, not a file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (ParquetProfileReader.hasMagic(file)) {
            return ParquetProfileReader.read(file, rule, progress);
        }
        if (name.endsWith(".parquet") || name.endsWith(".pq")) {
            throw new ProfileFormatException(file, Files.size(file) == 0 ? "the file is empty"
                    : "not a Parquet file (the PAR1 marker is missing at its start or end)");
        }
        if (ArrowProfileFormat.hasMagic(file) || name.endsWith(".arrow") || name.endsWith(".feather")) {
            return ArrowProfileFormat.read(file, rule, progress);
        }
        return CsvProfileReader.read(file, rule, progress);
    }

    public static ProfileTable read(Path file) throws IOException {
        try {
            return read(file, FeatureColumnRule.CELLPROFILER, Progress.NONE);
        } catch (CanceledException e) {
            throw new IllegalStateException("cannot happen: Progress.NONE never cancels", e);
        }
    }

    /**
     * The output format a file name asks for. An unknown ending is refused rather than written as CSV: a file named
     * {@code .xlsx} holding CSV text would mislead every program that opens it.
     *
     * @throws ProfileFormatException for an ending not in {@link #KNOWN_ENDINGS}
     */
    public static Format formatOf(Path file) throws ProfileFormatException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet") || name.endsWith(".pq")) {
            return Format.PARQUET;
        }
        if (name.endsWith(".arrow") || name.endsWith(".feather") || name.endsWith(".ipc")) {
            return Format.ARROW;
        }
        if (name.endsWith(".tsv") || name.endsWith(".txt")) {
            return Format.TSV;
        }
        if (name.endsWith(".tsv.gz") || name.endsWith(".txt.gz")) {
            return Format.TSV_GZ;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".csv.gz")) {
            return Format.CSV_GZ;
        }
        throw new ProfileFormatException(file, "unknown file ending; use one of " + KNOWN_ENDINGS);
    }

    /** Writes atomically in the format the name asks for. */
    public static void write(ProfileTable table, Path file, Progress progress) throws IOException, CanceledException {
        AtomicFiles.checkWritable(file); // a folder or a missing folder is the first thing to say
        Format format = formatOf(file);
        try {
            AtomicFiles.write(file, tmp -> {
                try {
                    switch (format) {
                        case PARQUET:
                            ParquetProfileWriter.write(table, tmp, progress);
                            break;
                        case ARROW:
                            ArrowProfileFormat.write(table, tmp, progress);
                            break;
                        case TSV:
                        case TSV_GZ:
                            CsvProfileWriter.write(table, tmp, format == Format.TSV_GZ, '\t', progress);
                            break;
                        default:
                            CsvProfileWriter.write(table, tmp, format == Format.CSV_GZ, ',', progress);
                    }
                } catch (CanceledException e) {
                    throw new CanceledIo(e);
                }
            });
        } catch (CanceledIo e) {
            throw (CanceledException) e.getCause();
        }
    }

    public static void write(ProfileTable table, Path file) throws IOException {
        try {
            write(table, file, Progress.NONE);
        } catch (CanceledException e) {
            throw new IllegalStateException("cannot happen: Progress.NONE never cancels", e);
        }
    }

    /** Carries a cancellation through the IOException-only writer callback. */
    private static final class CanceledIo extends IOException {
        private static final long serialVersionUID = 1L;

        CanceledIo(CanceledException e) {
            super(e);
        }
    }
}

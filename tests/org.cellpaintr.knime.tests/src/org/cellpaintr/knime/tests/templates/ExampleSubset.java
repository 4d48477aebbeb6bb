package org.cellpaintr.knime.tests.templates;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.cellpaintr.engine.io.CsvLine;

/**
 * The part of a bundled example file a template carries: the header and the rows of the chosen plates, each
 * distinct row once (the CPJUMP1 file repeats every well). Rows are copied byte for byte, never re-formatted.
 */
public final class ExampleSubset {

    private ExampleSubset() {
    }

    public static void write(Path source, DataFile f, Path target) throws IOException {
        List<String> lines = rows(source, f);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp));
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (String l : lines) {
                w.write(l);
                w.write('\n');
            }
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Header and kept rows of {@code source}. */
    static List<String> rows(Path source, DataFile f) throws IOException {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> wanted = new HashSet<>(f.plates());
        Set<String> found = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(source)),
                StandardCharsets.UTF_8))) {
            String header = r.readLine();
            int plate = CsvLine.fields(header, ',').indexOf(f.plateColumn());
            if (plate < 0) {
                throw new IOException(source + ": no column '" + f.plateColumn() + "'");
            }
            out.add(header);
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String p = CsvLine.fields(line, ',').get(plate);
                if ((wanted.isEmpty() || wanted.contains(p)) && seen.add(line)) {
                    found.add(p);
                    out.add(line);
                }
            }
        }
        if (!found.containsAll(wanted)) {
            wanted.removeAll(found);
            throw new IOException(source + ": plates " + wanted + " not found");
        }
        return out;
    }

    /** The lines of a gzipped text file (to compare data files by content, not by compressor output). */
    public static List<String> gunzipLines(Path file) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    /** The provenance note of a template's data folder. */
    static String readme(WorkflowTemplate t) {
        StringBuilder b = new StringBuilder("# Data of this workflow\n\n");
        b.append("Subsets of the project's bundled example data (`workflows/data` in the CellPainTR for KNIME sources, ")
                .append("whose README gives the public source, commit and licence of every file). Rows are copied ")
                .append("unchanged; a row that the source file repeats is kept once.\n\n");
        b.append("| file | from | plates kept | why |\n|---|---|---|---|\n");
        for (DataFile f : t.data()) {
            b.append("| `").append(f.target()).append("` | `").append(f.source()).append("` | ")
                    .append(f.plates().isEmpty() ? "all" : String.join(", ", f.plates())).append(" | ")
                    .append(f.why()).append(" |\n");
        }
        b.append("\n## Licences and attribution\n\n");
        b.append("- Dahlin et al. cell-injury set and the CPJUMP1 pilot rows: WayScience/Cytotoxic-Nuisance-Metadata-Analysis, ")
                .append("CC BY 4.0; attribute the Way lab and Dahlin et al. 2023, *Nat Commun* 14:1364 (underlying data: ")
                .append("IDR idr0133 and the Cell Painting Gallery cpg0000, CC0).\n");
        return b.toString();
    }
}

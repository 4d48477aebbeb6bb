package org.cellpaintr.model.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.cellpaintr.engine.io.CsvLine;

/**
 * Test-local reader of the shipped real Dahlin plates ({@code dahlin_cell_injury/aligned_plate_holdout.csv.gz}):
 * feature columns are those starting with Cells_/Cytoplasm_/Nuclei_, plus a few metadata columns. Deliberately
 * independent of the engine's table readers.
 */
final class DahlinPlates {

    final List<String> features = new ArrayList<>();
    final List<float[]> rows = new ArrayList<>();
    final List<String> plates = new ArrayList<>();
    final List<String> batches = new ArrayList<>();
    final List<String> compounds = new ArrayList<>();

    static Path file() {
        String dir = System.getProperty("cellpaintr.example.dir");
        Path base = dir != null ? Paths.get(dir) : Paths.get("workflows", "data");
        return base.resolve("dahlin_cell_injury").resolve("aligned_plate_holdout.csv.gz");
    }

    static DahlinPlates load() throws IOException {
        DahlinPlates d = new DahlinPlates();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file())), StandardCharsets.UTF_8))) {
            List<String> header = CsvLine.fields(r.readLine(), ',');
            List<Integer> featureCols = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i);
                if (h.startsWith("Cells_") || h.startsWith("Cytoplasm_") || h.startsWith("Nuclei_")) {
                    featureCols.add(i);
                    d.features.add(h);
                }
            }
            int plate = header.indexOf("Plate");
            int batch = header.indexOf("Experimental Condition [Experimental Batch]");
            int compound = header.indexOf("Compound Name");
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                List<String> cells = CsvLine.fields(line, ',');
                float[] v = new float[featureCols.size()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = Float.parseFloat(cells.get(featureCols.get(j)));
                }
                d.rows.add(v);
                d.plates.add(cells.get(plate));
                d.batches.add("batch " + cells.get(batch));
                d.compounds.add(cells.get(compound));
            }
        }
        return d;
    }
}

package org.cellpaintr.engine.tests.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Synthetic plates: compounds with replicate wells on several plates, DMSO controls on every plate, and a batch
 * per plate group. Each compound has its own direction in feature space; a batch adds its own offset.
 */
public final class Synthetic {

    private Synthetic() {
    }

    /**
     * @param batchShift size of the per-batch offset (0 = perfectly mixed batches)
     * @param noise per-well noise
     */
    public static ProfileTable plates(int compounds, int plates, int replicatesPerPlate, int dmsoPerPlate, int batches,
            int dims, double compoundStrength, double batchShift, double noise, long seed) {
        Random rnd = new Random(seed);
        double[][] compoundDir = gaussian(rnd, compounds, dims);
        double[][] batchDir = gaussian(rnd, batches, dims);
        List<String> batch = new ArrayList<>();
        List<String> label = new ArrayList<>();
        List<String> plate = new ArrayList<>();
        List<String> well = new ArrayList<>();
        List<String> control = new ArrayList<>();
        FeatureMatrix.Builder b = FeatureMatrix.builder(dims);
        float[] row = new float[dims];
        for (int p = 0; p < plates; p++) {
            int bt = p % batches;
            int w = 0;
            for (int c = -1; c < compounds; c++) {
                int reps = c < 0 ? dmsoPerPlate : replicatesPerPlate;
                for (int r = 0; r < reps; r++) {
                    for (int j = 0; j < dims; j++) {
                        double v = noise * rnd.nextGaussian() + batchShift * batchDir[bt][j];
                        if (c >= 0) {
                            v += compoundStrength * compoundDir[c][j];
                        }
                        row[j] = (float) v;
                    }
                    b.appendRow(row);
                    batch.add("batch" + bt);
                    label.add(c < 0 ? "DMSO" : "cpd" + c);
                    plate.add("plate" + p);
                    // a compound keeps its well position on every plate, as in real layouts
                    well.add("w" + (c < 0 ? 1000 + r : c * replicatesPerPlate + r));
                    control.add(c < 0 ? "negcon" : "trt");
                    w++;
                }
            }
        }
        List<String> features = new ArrayList<>();
        for (int j = 0; j < dims; j++) {
            features.add("f" + j);
        }
        List<MetadataColumn> cols = List.of(TextColumn.of("batch", batch), TextColumn.of("label", label),
                TextColumn.of("plate", plate), TextColumn.of("well", well), TextColumn.of("control", control));
        return new ProfileTable(cols, features, b.build());
    }

    static double[][] gaussian(Random rnd, int n, int d) {
        double[][] m = new double[n][d];
        for (double[] r : m) {
            for (int j = 0; j < d; j++) {
                r[j] = rnd.nextGaussian();
            }
        }
        return m;
    }

    /** A table from explicit rows and one text column per name. */
    public static ProfileTable table(float[][] rows, String[] names, String[]... columns) {
        FeatureMatrix.Builder b = FeatureMatrix.builder(rows[0].length);
        for (float[] r : rows) {
            b.appendRow(r);
        }
        List<MetadataColumn> cols = new ArrayList<>();
        for (int c = 0; c < names.length; c++) {
            cols.add(TextColumn.of(names[c], columns[c]));
        }
        List<String> features = new ArrayList<>();
        for (int j = 0; j < rows[0].length; j++) {
            features.add("f" + j);
        }
        return new ProfileTable(cols, features, b.build());
    }
}

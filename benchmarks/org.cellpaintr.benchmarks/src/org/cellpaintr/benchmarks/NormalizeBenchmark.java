package org.cellpaintr.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;
import org.cellpaintr.engine.util.Stats;

/**
 * Normalise (and read from Parquet) a synthetic 100,000 wells x 3,000 features table drawn from the per-feature
 * distributions of the real Dahlin plates, with per-plate offsets and scales that normalisation must undo.
 *
 * <p>Usage: {@code NormalizeBenchmark DAHLIN_CSV_GZ [wells] [features] [workdir]}. Prints a Markdown table.
 */
public final class NormalizeBenchmark {

    private static final int WELLS_PER_PLATE = 384;
    private static final int CONTROLS_PER_PLATE = 64;

    public static void main(String[] args) throws Exception {
        Path dahlinFile = Path.of(args[0]);
        int wells = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int features = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
        Path work = Files.createDirectories(Path.of(args.length > 3 ? args[3] : "benchmarks/out"));
        List<Measure.Row> rows = new ArrayList<>();

        float[][] source;
        try (ProfileTable dahlin = ProfileFiles.read(dahlinFile)) {
            source = new float[dahlin.rowCount()][];
            for (int r = 0; r < source.length; r++) {
                source[r] = dahlin.matrix().readRow(r);
            }
        }

        Measure m = Measure.start("generate " + wells + " x " + features + " (off-heap)");
        ProfileTable table = synthesize(source, wells, features, new SplittableRandom(2024));
        rows.add(m.stop());

        double before = plateSpread(table);
        NormalizeSettings s = NormalizeSettings.authors(List.of("Metadata_Plate"), "Metadata_Control",
                List.of("negcon"));
        m = Measure.start("normalize (authors preset)");
        double after;
        double maxControlMedian;
        try (NormalizeResult r = new Normalize().execute(s, table, Progress.NONE)) {
            rows.add(m.stop());
            after = plateSpread(r.normalized());
            maxControlMedian = maxAbsControlMedian(r.normalized());
        }

        Path parquet = work.resolve("synthetic_" + wells + "x" + features + ".parquet");
        m = Measure.start("write Parquet");
        ProfileFiles.write(table, parquet);
        rows.add(m.stop());
        table.close();

        m = Measure.start("read Parquet (" + Files.size(parquet) / 1048576 + " MB file)");
        try (ProfileTable back = ProfileFiles.read(parquet, FeatureColumnRule.CELLPROFILER, Progress.NONE)) {
            rows.add(m.stop());
            if (back.rowCount() != wells || back.features().size() != features) {
                throw new IllegalStateException("read back " + back);
            }
        }
        m = Measure.start("read Parquet + normalize");
        try (ProfileTable back = ProfileFiles.read(parquet, FeatureColumnRule.CELLPROFILER, Progress.NONE);
                NormalizeResult r = new Normalize().execute(s, back, Progress.NONE)) {
            rows.add(m.stop());
        }
        Files.deleteIfExists(parquet);

        System.out.println("Java " + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / 1048576 + " MB, " + Runtime.getRuntime().availableProcessors()
                + " cores");
        System.out.println(Measure.header());
        rows.forEach(r -> System.out.println(r.format()));
        System.out.printf(java.util.Locale.ROOT, "%nper-plate distortion check (10 features, control wells): "
                + "sd across plates of the control median / pooled control MAD: before %.3f, after %.4f; "
                + "max |control median| after %.2e%n", before, after, maxControlMedian);
        if (!(after < 0.02 * before) || !(maxControlMedian < 1e-3)) {
            System.out.println("FAILED: normalisation did not undo the per-plate distortion");
            System.exit(1);
        }
    }

    /** Wells drawn from Dahlin wells (feature j from Dahlin feature j mod 352), then a per-plate affine map. */
    static ProfileTable synthesize(float[][] source, int wells, int features, SplittableRandom rnd) {
        int plates = (wells + WELLS_PER_PLATE - 1) / WELLS_PER_PLATE;
        int dahlinFeatures = source[0].length;
        String[] plate = new String[wells];
        String[] control = new String[wells];
        FeatureMatrix.Builder b = FeatureMatrix.builder(features);
        float[] row = new float[features];
        float[] scale = new float[features];
        float[] offset = new float[features];
        int w = 0;
        for (int p = 0; p < plates && w < wells; p++) {
            for (int j = 0; j < features; j++) {
                scale[j] = (float) (0.5 + 1.5 * rnd.nextDouble());
                offset[j] = (float) (4 * (rnd.nextDouble() - 0.5));
            }
            for (int i = 0; i < WELLS_PER_PLATE && w < wells; i++, w++) {
                plate[w] = "plate_" + p;
                control[w] = i < CONTROLS_PER_PLATE ? "negcon" : "trt";
                float[] donor = source[rnd.nextInt(source.length)];
                for (int j = 0; j < features; j++) {
                    float v = donor[j % dahlinFeatures] + (j >= dahlinFeatures ? (float) (0.01 * rnd.nextGaussian()) : 0f);
                    row[j] = v * scale[j] + offset[j];
                }
                b.appendRow(row);
            }
        }
        List<MetadataColumn> meta = List.of(TextColumn.of("Metadata_Plate", plate), TextColumn.of("Metadata_Control", control));
        List<String> names = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            names.add("Cells_Synthetic_Feature_" + j);
        }
        return new ProfileTable(meta, names, b.build());
    }

    /** Mean over 10 features of (sd across plates of the control median) / (median control MAD). */
    static double plateSpread(ProfileTable t) {
        double sum = 0;
        for (int j = 0; j < 10; j++) {
            double[][] mm = controlMedianAndMad(t, j);
            double mean = Arrays.stream(mm[0]).average().orElse(0);
            double var = Arrays.stream(mm[0]).map(x -> (x - mean) * (x - mean)).average().orElse(0);
            sum += Math.sqrt(var) / Stats.medianOf(mm[1]);
        }
        return sum / 10;
    }

    static double maxAbsControlMedian(ProfileTable t) {
        double max = 0;
        for (int j = 0; j < t.features().size(); j += 97) {
            for (double v : controlMedianAndMad(t, j)[0]) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    private static double[][] controlMedianAndMad(ProfileTable t, int feature) {
        MetadataColumn plate = t.column("Metadata_Plate").orElseThrow();
        MetadataColumn ctl = t.column("Metadata_Control").orElseThrow();
        java.util.Map<String, List<Integer>> rows = new java.util.LinkedHashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if ("negcon".equals(ctl.text(r))) {
                rows.computeIfAbsent(plate.text(r), k -> new ArrayList<>()).add(r);
            }
        }
        double[] med = new double[rows.size()];
        double[] mad = new double[rows.size()];
        int k = 0;
        for (List<Integer> rs : rows.values()) {
            int[] idx = rs.stream().mapToInt(Integer::intValue).toArray();
            float[][] block = new float[1][idx.length];
            t.matrix().readColumnBlock(idx, feature, 1, block);
            med[k] = Stats.median(block[0], idx.length);
            mad[k] = Stats.mad(block[0], idx.length, med[k]);
            k++;
        }
        return new double[][] {med, mad};
    }
}

package org.cellpaintr.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.knn.CosineKnn;
import org.cellpaintr.engine.knn.KnnGraph;
import org.cellpaintr.engine.knn.SparseGraph;
import org.cellpaintr.engine.knn.UmapConnectivities;
import org.cellpaintr.engine.knn.UnitRows;
import org.cellpaintr.engine.metrics.ClusterAgreement;
import org.cellpaintr.engine.metrics.LabelCodes;
import org.cellpaintr.engine.metrics.CosineSilhouette;
import org.cellpaintr.engine.metrics.GraphConnectivity;
import org.cellpaintr.engine.metrics.GraphLisi;
import org.cellpaintr.engine.metrics.Kbet;
import org.cellpaintr.engine.metrics.LeidenClusters;
import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.MetricValue;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Scaling benchmark (not a test). Args: [scoring|corrections|all|harmony] [wells] [dims] [batches] [modes].
 * harmony: Harmony alone with harmonypy's defaults, once per mode of the comma-separated list (float64 = harmonypy's
 * arithmetic, the default; float32; fast = {@link HarmonyOptions#fast()}), each later mode compared with the first.
 *
 * <p>Scoring: a synthetic screen of 250 plates x 400 wells (100,000 wells) x 256 dimensions: 64 DMSO wells per
 * plate, 10 plate layouts of 336 compounds each (3,360 compounds, 25 replicate wells each, one per plate of its
 * layout, at a random position), 5 batches (each layout's plates cycle through them). Profile = compound effect (a random direction, strength 0 to 3: some
 * compounds are inactive) + batch offset + plate offset + noise. Every metric is timed on its own after the shared
 * 25-NN graph, then the whole operation end to end.
 *
 * <p>Corrections: ComBat and Harmony on 100,000 x 300 with 10 batches of location and scale effects.
 */
public final class ScalingBenchmark {

    static final int PLATE_WELLS = 400;
    static final int DMSO_PER_PLATE = 64;
    static final int LAYOUTS = 10;

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        int wells = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int dims = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        System.out.println("load average at start: " + ProcessMemory.loadAverage());
        if (what.equals("scoring") || what.equals("all")) {
            scoring(wells, dims);
        }
        if (what.equals("corrections") || what.equals("all")) {
            corrections(wells, args.length > 2 ? dims : 300);
        }
        if (what.equals("harmony")) {
            harmony(wells, args.length > 2 ? dims : 300, args.length > 3 ? Integer.parseInt(args[3]) : 10,
                    args.length > 4 ? args[4] : "float64");
        }
        System.out.println("load average at end: " + ProcessMemory.loadAverage());
    }

    static ProfileTable screen(int wells, int dims, long seed) {
        Random r = new Random(seed);
        int plates = Math.max(LAYOUTS, wells / PLATE_WELLS);
        int perLayout = PLATE_WELLS - DMSO_PER_PLATE;
        double[][] dir = new double[LAYOUTS * perLayout][];
        double[] strength = new double[dir.length];
        for (int c = 0; c < dir.length; c++) {
            dir[c] = unit(r, dims);
            strength[c] = 3 * r.nextDouble();
        }
        double[][] batchOffset = new double[5][];
        for (int b = 0; b < 5; b++) {
            batchOffset[b] = scaled(unit(r, dims), 0.8);
        }
        List<String> batch = new ArrayList<>();
        List<String> label = new ArrayList<>();
        List<String> plate = new ArrayList<>();
        List<String> well = new ArrayList<>();
        List<String> control = new ArrayList<>();
        FeatureMatrix.Builder m = FeatureMatrix.builder(dims);
        float[] row = new float[dims];
        for (int p = 0; p < plates; p++) {
            int layout = p % LAYOUTS;
            int plateBatch = (p / LAYOUTS) % 5; // each layout's plates cycle through the 5 batches
            double[] plateOffset = scaled(unit(r, dims), 0.3);
            int[] position = shuffled(PLATE_WELLS, r); // each plate places its wells anew, as screens do
            for (int w = 0; w < PLATE_WELLS; w++) {
                int compound = w < DMSO_PER_PLATE ? -1 : layout * perLayout + (w - DMSO_PER_PLATE);
                for (int j = 0; j < dims; j++) {
                    double v = batchOffset[plateBatch][j] + plateOffset[j] + r.nextGaussian() / Math.sqrt(dims);
                    if (compound >= 0) {
                        v += strength[compound] * dir[compound][j];
                    }
                    row[j] = (float) v;
                }
                m.appendRow(row);
                batch.add("batch" + plateBatch);
                label.add(compound < 0 ? "DMSO" : "cpd" + compound);
                plate.add("plate" + p);
                well.add("w" + position[w]);
                control.add(compound < 0 ? "negcon" : "trt");
            }
        }
        List<String> features = IntStream.range(0, dims).mapToObj(j -> "f" + j).toList();
        List<MetadataColumn> cols = List.of(TextColumn.of("batch", batch), TextColumn.of("label", label),
                TextColumn.of("plate", plate), TextColumn.of("well", well), TextColumn.of("control", control));
        return new ProfileTable(cols, features, m.build());
    }

    static int[] shuffled(int n, Random r) {
        int[] a = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    static double[] unit(Random r, int d) {
        double[] v = new double[d];
        double s = 0;
        for (int j = 0; j < d; j++) {
            v[j] = r.nextGaussian();
            s += v[j] * v[j];
        }
        for (int j = 0; j < d; j++) {
            v[j] /= Math.sqrt(s);
        }
        return v;
    }

    static double[] scaled(double[] v, double f) {
        for (int j = 0; j < v.length; j++) {
            v[j] *= f;
        }
        return v;
    }

    interface Step {
        String run() throws Exception;
    }

    static void timed(String name, Step step) throws Exception {
        long t0 = System.nanoTime();
        String result = step.run();
        System.out.printf(Locale.ROOT, "| %s | %.1f | %s | %.0f |%n", name, (System.nanoTime() - t0) / 1e9, result,
                ProcessMemory.peakRssMiB());
    }

    static String fmt(MetricValue v) {
        return String.format(Locale.ROOT, "%.3f (%d items)", v.value(), v.items());
    }

    static void scoring(int wells, int dims) throws Exception {
        ProfileTable t = screen(wells, dims, 1);
        int[] rows = IntStream.range(0, t.rowCount())
                .filter(r -> !"negcon".equals(t.column("control").get().text(r))).toArray();
        System.out.printf("%nScoring: %d wells x %d dims (%d not negative controls), %d compounds%n", t.rowCount(),
                dims, rows.length, LAYOUTS * (PLATE_WELLS - DMSO_PER_PLATE));
        System.out.println("| step | seconds | value | peak RSS so far (MiB) |");
        System.out.println("|---|---|---|---|");
        ProcessMemory.resetPeaks();
        LabelCodes labels = LabelCodes.of(t.column("label").get(), rows);
        LabelCodes batches = LabelCodes.of(t.column("batch").get(), rows);
        UnitRows[] unit = new UnitRows[1];
        KnnGraph[] knn = new KnnGraph[1];
        SparseGraph[] conn = new SparseGraph[1];
        timed("25-NN cosine graph (blocked libtorch products)", () -> {
            unit[0] = UnitRows.of(t.matrix(), rows);
            knn[0] = CosineKnn.compute(unit[0], 25, Progress.NONE);
            return rows.length + " x 25 neighbours";
        });
        timed("UMAP connectivities", () -> {
            conn[0] = UmapConnectivities.compute(knn[0]);
            return conn[0].edgeCount() + " directed edges";
        });
        knn[0] = null;
        timed(Metric.GRAPH_CONNECTIVITY.label, () -> fmt(GraphConnectivity.score(conn[0], labels)));
        timed(Metric.SILHOUETTE_BATCH.label, () -> fmt(CosineSilhouette.batchScore(unit[0], labels, batches)));
        timed(Metric.KBET.label, () -> fmt(Kbet.score(conn[0], labels, batches, Progress.NONE)));
        double[][][] lisi = new double[1][][];
        timed("iLISI + cLISI (one shortest-path pass)", () -> {
            lisi[0] = GraphLisi.lisi(conn[0], 90, new LabelCodes[] {batches, labels}, Progress.NONE);
            return "iLISI " + fmt(GraphLisi.ilisi(lisi[0][0], batches.count())) + ", cLISI "
                    + fmt(GraphLisi.clisi(lisi[0][1], labels.count()));
        });
        timed("Leiden NMI + ARI (one clustering)", () -> {
            LabelCodes clusters = LabelCodes.ofInts(LeidenClusters.cluster(conn[0], 1.0, 0));
            return String.format(Locale.ROOT, "%d clusters, NMI %.3f, ARI %.3f", clusters.count(),
                    ClusterAgreement.nmi(clusters, labels), ClusterAgreement.ari(clusters, labels));
        });
        timed(Metric.SILHOUETTE_LABEL.label, () -> fmt(CosineSilhouette.labelScore(unit[0], labels)));
        ScoreSettings maps = ScoreSettings.defaults("batch", "label", "plate", "well", "control", "negcon", null)
                .withMetrics(java.util.EnumSet.of(Metric.MAP_CONTROLS, Metric.MAP_NONREP));
        timed("mAP (controls) + mAP (nonrep), null size 10000", () -> {
            try (ScoreResult r = new ScoreBatchCorrection().execute(maps, t, Progress.NONE)) {
                return String.format(Locale.ROOT, "%.3f, %.3f", r.value("mAP (controls)"), r.value("mAP (nonrep)"));
            }
        });
        unit[0] = null;
        conn[0] = null;
        System.gc();
        System.out.printf(Locale.ROOT, "%nJava heap peak during the per-metric steps: %.0f MiB%n",
                ProcessMemory.peakHeapMiB());
        ProcessMemory.resetPeaks();
        long t0 = System.nanoTime();
        ScoreSettings all = ScoreSettings.defaults("batch", "label", "plate", "well", "control", "negcon", null);
        try (ScoreResult r = new ScoreBatchCorrection().execute(all, t, new TimedProgress(true))) {
            System.out.printf(Locale.ROOT, "Whole suite end to end (ScoreBatchCorrection, all ten metrics): %.1f s, "
                    + "overall %.3f, Java heap peak %.0f MiB, peak RSS %.0f MiB%n", (System.nanoTime() - t0) / 1e9,
                    r.value(ScoreBatchCorrection.AGG_OVERALL), ProcessMemory.peakHeapMiB(), ProcessMemory.peakRssMiB());
        }
        t.close();
    }

    static ProfileTable batched(int wells, int dims, int batches, long seed) {
        Random r = new Random(seed);
        double[][] shift = new double[batches][dims];
        double[][] scale = new double[batches][dims];
        for (int b = 0; b < batches; b++) {
            for (int j = 0; j < dims; j++) {
                shift[b][j] = b * 0.3 + 0.3 * r.nextGaussian();
                scale[b][j] = (0.7 + 0.06 * b) * (1 + 0.05 * r.nextGaussian());
            }
        }
        double[][] groups = new double[50][];
        for (int g = 0; g < groups.length; g++) {
            groups[g] = scaled(unit(r, dims), 3);
        }
        FeatureMatrix.Builder m = FeatureMatrix.builder(dims);
        List<String> batch = new ArrayList<>();
        float[] row = new float[dims];
        for (int i = 0; i < wells; i++) {
            int b = i % batches;
            double[] g = groups[r.nextInt(groups.length)];
            for (int j = 0; j < dims; j++) {
                row[j] = (float) (shift[b][j] + scale[b][j] * (g[j] + r.nextGaussian()));
            }
            m.appendRow(row);
            batch.add("batch" + b);
        }
        return new ProfileTable(List.of(TextColumn.of("batch", batch)),
                IntStream.range(0, dims).mapToObj(j -> "f" + j).toList(), m.build());
    }

    static void corrections(int wells, int dims) throws Exception {
        try (ProfileTable t = batched(wells, dims, 10, 2)) {
            System.out.printf("%nCorrections: %d wells x %d features, 10 batches%n", wells, dims);
            System.out.println("| method | seconds | Java heap peak (MiB) | peak RSS so far (MiB) |");
            System.out.println("|---|---|---|---|");
            run("ComBat (parametric)", CorrectionSettings.combat("batch", List.of(), true), t);
            run("ComBat (non-parametric)", CorrectionSettings.combat("batch", List.of(), false), t);
            run("Harmony (harmonypy defaults: nclust min(N/30,100) = 100, max 10 iterations)",
                    CorrectionSettings.harmony("batch", HarmonyOptions.defaults()), t);
            run("Harmony (Arevalo: nclust 300, max 20 iterations)",
                    CorrectionSettings.harmony("batch", HarmonyOptions.arevalo()), t);
        }
    }

    /**
     * Harmony alone (harmonypy defaults) in this process, so that the process's peak resident set (VmHWM since
     * start: JVM, libtorch, the input table and Harmony) is Harmony's own figure; wall and CPU seconds of the call.
     */
    static void harmony(int wells, int dims, int batches, String mode) throws Exception {
        try (ProfileTable t = batched(wells, dims, batches, 2)) {
            System.out.printf("%nHarmony: %d wells x %d features, %d batches, OMP_NUM_THREADS=%s, resident set before"
                    + " Harmony %.0f MiB%n", wells, dims, batches,
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"), ProcessMemory.rss() / 1048576.0);
            System.out.println("| method | wall s | CPU s | Java heap peak (MiB) | peak RSS (MiB, VmHWM) |");
            System.out.println("|---|---|---|---|---|");
            ProfileTable first = null;
            for (String m : mode.split(",")) {
                HarmonyOptions o = switch (m) {
                    case "float64" -> HarmonyOptions.defaults();
                    case "float32" -> HarmonyOptions.defaults().withFloat32(true);
                    case "fast" -> HarmonyOptions.defaults().fast();
                    default -> throw new IllegalArgumentException("mode " + m + ": float64, float32 or fast");
                };
                ProfileTable out = timedHarmony("Harmony, harmonypy defaults (nclust min(N/30,100) = " + Math.min(
                        Math.round(wells / 30.0), 100) + ", max 10 iterations), " + m, o, t);
                if (first == null) {
                    first = out;
                } else {
                    System.out.printf(Locale.ROOT, "%s vs %s: max abs difference %.3g, mean %.3g (mean abs value"
                            + " %.3g)%n", m, mode.split(",")[0], maxAbsDiff(first, out), meanAbsDiff(first, out),
                            meanAbs(first));
                    out.close();
                }
            }
            if (first != null) {
                first.close();
            }
        }
    }

    static ProfileTable timedHarmony(String name, HarmonyOptions o, ProfileTable t) throws Exception {
        CorrectionSettings s = CorrectionSettings.harmony("batch", o);
        // the first mode's peak is the process's own; a later mode's starts from what the earlier left resident
        ProcessMemory.resetPeaks();
        long t0 = System.nanoTime();
        long c0 = ProcessMemory.cpuNanos();
        ProfileTable out = new CorrectBatchEffects().execute(s, t, new TimedProgress(true, true));
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %.0f |%n", name, (System.nanoTime() - t0) / 1e9,
                (ProcessMemory.cpuNanos() - c0) / 1e9, ProcessMemory.peakHeapMiB(), ProcessMemory.peakRssMiB());
        return out;
    }

    static double maxAbsDiff(ProfileTable a, ProfileTable b) {
        double max = 0;
        for (int r = 0; r < a.rowCount(); r++) {
            for (int j = 0; j < a.features().size(); j++) {
                max = Math.max(max, Math.abs(a.matrix().get(r, j) - b.matrix().get(r, j)));
            }
        }
        return max;
    }

    static double meanAbsDiff(ProfileTable a, ProfileTable b) {
        double sum = 0;
        for (int r = 0; r < a.rowCount(); r++) {
            for (int j = 0; j < a.features().size(); j++) {
                sum += Math.abs(a.matrix().get(r, j) - b.matrix().get(r, j));
            }
        }
        return sum / ((double) a.rowCount() * a.features().size());
    }

    static double meanAbs(ProfileTable a) {
        double sum = 0;
        for (int r = 0; r < a.rowCount(); r++) {
            for (int j = 0; j < a.features().size(); j++) {
                sum += Math.abs(a.matrix().get(r, j));
            }
        }
        return sum / ((double) a.rowCount() * a.features().size());
    }

    static void run(String name, CorrectionSettings s, ProfileTable t) throws Exception {
        ProcessMemory.resetPeaks();
        long t0 = System.nanoTime();
        try (ProfileTable out = new CorrectBatchEffects().execute(s, t, new TimedProgress(true))) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %.0f |%n", name, (System.nanoTime() - t0) / 1e9,
                    ProcessMemory.peakHeapMiB(), ProcessMemory.peakRssMiB());
        }
    }
}

package org.cellpaintr.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.StepLosses;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.MlpActivation;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.nn.LongConvolution;
import org.cellpaintr.model.optim.AdamW;
import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.ndarray.BaseNDManager;

/**
 * Prints train-step time (forward, masked MSE + SupCon, backward, clipping, AdamW; batch 16) and embedding
 * throughput (64 profiles in forward passes of the model's automatic embedding batch, or {@code --embed-batch N};
 * no gradients) with peak RSS for three model sizes, next to the authors' PyTorch figures
 * (their 2024 code measured on the development VM; provenance in docs/model.md, "Benchmark"), and checks that memory stays flat over many steps at the small size. Not a test: run it with
 * benchmarks/model-benchmark.sh.
 *
 * <p>Options: {@code --steps N} timed train steps per size (the 3,255-feature size uses {@code --big-steps}),
 * {@code --warmup N}, {@code --embed-reps N}, {@code --flat-steps N} (0 skips the memory check), {@code --only S}
 * (a, b or c), {@code --recompute} (recompute block activations in training), {@code --mlp-activation A},
 * {@code --embed-batch N} (wells per embedding forward pass; 0, the default: the model's automatic choice),
 * {@code --micro-batch N} (wells per forward pass inside a training step; 0, the default: the whole batch).
 */
public final class ModelBenchmark {

    private record Size(String id, int features, int dModel, int layers, double refTrainS, String refTrainRss,
            double refEmbed, String refEmbedRss) {
    }

    private static final Size[] SIZES = {
        new Size("c", 352, 64, 2, 0.357, "0.4 GB", 172, "0.5 GB"),
        new Size("b", 352, 256, 4, 2.65, "1.2 GB", 17.2, "0.9 GB"),
        new Size("a", 3255, 256, 4, 31.0, "6.6 GB", 1.66, "4.9 GB"),
    };

    private ModelBenchmark() {
    }

    public static void main(String[] args) {
        int steps = intArg(args, "--steps", 10);
        int bigSteps = intArg(args, "--big-steps", 3);
        int warmup = intArg(args, "--warmup", 2);
        int embedReps = intArg(args, "--embed-reps", 5);
        int flatSteps = intArg(args, "--flat-steps", 1000);
        embedBatch = intArg(args, "--embed-batch", 0);
        microBatch = intArg(args, "--micro-batch", 0);
        String only = strArg(args, "--only", "abc");
        recompute = args.length > 0 && Arrays.asList(args).contains("--recompute");
        activation = MlpActivation.parse(strArg(args, "--mlp-activation",
                CellPainTRConfig.authors().mlpActivation().label()));

        Runtimes.pytorch();
        System.out.printf(Locale.ROOT, "CellPainTR model benchmark: %d CPU(s), libtorch %s, intra-op threads %s,"
                + " GLIBC_TUNABLES=%s%n", Runtime.getRuntime().availableProcessors(), Runtimes.pytorch().getVersion(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"), System.getenv("GLIBC_TUNABLES"));
        List<String> rows = new ArrayList<>();
        for (Size s : SIZES) {
            if (!only.contains(s.id)) {
                continue;
            }
            double probe = SpeedProbe.matmulGflops();
            rows.add(run(s, s.features > 1000 ? bigSteps : steps, warmup, s.features > 1000 ? 2 : embedReps)
                    + String.format(Locale.ROOT, " %.0f |", probe));
        }
        System.out.println();
        System.out.println("| features, d, layers | parameters | FFT n (L) | train ms/step (median, min) | train peak RSS"
                + " | embed profiles/s | embed peak RSS | authors' PyTorch: train s/step, RSS; embed/s, RSS"
                + " | machine probe GFLOP/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        if (flatSteps > 0) {
            System.out.println();
            flatMemory(flatSteps);
        }
    }

    /** {@code --micro-batch}: wells per forward pass inside a training step (0: the whole batch). */
    private static int microBatch;
    /** {@code --embed-batch}: wells per embedding forward pass (0: CellPainTRModel.automaticEmbedBatch()). */
    private static int embedBatch;
    /** {@code --recompute}: training steps recompute block activations (BlockRecompute). */
    private static boolean recompute;
    /** {@code --mlp-activation gelu|gelu-tanh} (default: a new model's). */
    private static MlpActivation activation;

    private static String run(Size s, int steps, int warmup, int embedReps) {
        CellPainTRConfig c = CellPainTRConfig.authors().toBuilder().dModel(s.dModel).layers(s.layers)
                .mlpActivation(activation).build();
        FeatureVocabulary vocab = vocabulary(s.features);
        ProcessMemory.resetPeaks();
        try (CellPainTRModel m = CellPainTRModel.create(c, vocab, List.of("source_a", "source_b"), 42,
                DeviceChoice.cpu()); AdamW opt = new AdamW(m, AdamW.Settings.authors())) {
            m.recomputeActivations(recompute);
            m.trainingMicroBatch(microBatch);
            System.out.printf(Locale.ROOT, "  [%d,%d,%d] MLP activation %s, recompute activations %s, micro-batch %s%n",
                    s.features, s.dModel, s.layers, activation.label(), recompute,
                    microBatch == 0 ? "off (whole batch)" : microBatch + " wells");
            TrainingBatch[] batches = batches(s.features, 16, 4);
            SplittableRandom rng = new SplittableRandom(1);
            double[] ms = new double[steps];
            for (int i = 0; i < warmup + steps; i++) {
                TrainingBatch b = batches[i % batches.length];
                long t0 = System.nanoTime();
                StepLosses l;
                try (TrainingStep step = m.newTrainingStep()) {
                    l = step.forwardBackward(b, m.sampleMask(b, rng));
                    opt.step();
                }
                double t = (System.nanoTime() - t0) / 1e6;
                if (i >= warmup) {
                    ms[i - warmup] = t;
                }
                System.out.printf(Locale.ROOT, "  [%d,%d,%d] step %d: %.1f ms, loss %.4f (mse %.4f, supcon %.4f)%n",
                        s.features, s.dModel, s.layers, i, t, l.total(), l.maskedMse(), l.supCon());
            }
            long trainPeak = ProcessMemory.peakRss();

            ProcessMemory.resetPeaks();
            float[][] rows = new float[64][];
            String[] src = new String[64];
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < 64; i++) {
                rows[i] = gaussian(s.features, r);
                src[i] = i % 2 == 0 ? "source_a" : "source_b";
            }
            int batch = embedBatch > 0 ? embedBatch : m.automaticEmbedBatch();
            System.out.printf(Locale.ROOT, "  [%d,%d,%d] embedding batch %d%s%n", s.features, s.dModel, s.layers, batch,
                    embedBatch > 0 ? "" : " (automatic)");
            embedInBatches(m, rows, m.sources().rowsOf(src), batch); // warm-up
            double[] perSecond = new double[embedReps];
            for (int i = 0; i < embedReps; i++) {
                long t0 = System.nanoTime();
                embedInBatches(m, rows, m.sources().rowsOf(src), batch);
                perSecond[i] = 64 / ((System.nanoTime() - t0) / 1e9);
            }
            long embedPeak = ProcessMemory.peakRss();
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            double[] eps = perSecond.clone();
            Arrays.sort(eps);
            return String.format(Locale.ROOT, "| %,d, %d, %d | %,d | %,d (%,d) | %,.0f (%,.0f) | %s | %.2f | %s |"
                    + " %.3g s, %s; %.3g/s, %s |", s.features, s.dModel, s.layers,
                    m.encoderParameterCount() + m.headParameterCount(),
                    LongConvolution.fftLength(vocab.sequenceLength()), vocab.sequenceLength(),
                    median(sorted), sorted[0], gb(trainPeak), median(eps), gb(embedPeak), s.refTrainS,
                    s.refTrainRss, s.refEmbed, s.refEmbedRss);
        }
    }

    /** Runs many steps at the small size and prints RSS and live-tensor counts along the way. */
    private static void flatMemory(int steps) {
        CellPainTRConfig c = CellPainTRConfig.authors().toBuilder().dModel(64).layers(2).build();
        FeatureVocabulary vocab = vocabulary(352);
        try (CellPainTRModel m = CellPainTRModel.create(c, vocab, List.of("source_a", "source_b"), 42,
                DeviceChoice.cpu()); AdamW opt = new AdamW(m, AdamW.Settings.authors())) {
            TrainingBatch[] batches = batches(352, 16, 8);
            SplittableRandom rng = new SplittableRandom(2);
            BaseNDManager manager = (BaseNDManager) m.manager();
            StringBuilder sb = new StringBuilder("Memory over " + steps + " train steps at (352, 64, 2): step: RSS MB /"
                    + " live tensors\n");
            long t0 = System.nanoTime();
            for (int i = 1; i <= steps; i++) {
                TrainingBatch b = batches[i % batches.length];
                try (TrainingStep step = m.newTrainingStep()) {
                    step.forwardBackward(b, m.sampleMask(b, rng));
                    opt.step();
                }
                if (i == 1 || i % (steps / 10) == 0) {
                    sb.append(String.format(Locale.ROOT, "  %5d: %7.1f / %d%n", i, ProcessMemory.rss() / 1048576.0,
                            manager.getManagedArrays().size()));
                }
            }
            sb.append(String.format(Locale.ROOT, "  (%.1f s in total, %.1f ms/step)%n", (System.nanoTime() - t0) / 1e9,
                    (System.nanoTime() - t0) / 1e6 / steps));
            System.out.print(sb);
        }
    }

    /** Random standard-normal batches: two sources alternating, four replicates of each compound. */
    static TrainingBatch[] batches(int features, int rows, int count) {
        SplittableRandom r = new SplittableRandom(7);
        TrainingBatch[] out = new TrainingBatch[count];
        for (int k = 0; k < count; k++) {
            float[] v = new float[rows * features];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) normal(r);
            }
            int[] src = new int[rows];
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                src[i] = i % 2;
                labels[i] = i / 4; // four replicates of four compounds
            }
            out[k] = new TrainingBatch(v, rows, src, labels, 1000 + k);
        }
        return out;
    }

    /** CellProfiler-style names so that channel-wise masking sees realistic groups. */
    /** The rows embedded in forward passes of {@code batch} wells, with their codebook rows. */
    private static void embedInBatches(CellPainTRModel m, float[][] rows, int[] sourceRows, int batch) {
        int f = rows[0].length;
        for (int start = 0; start < rows.length; start += batch) {
            int n = Math.min(batch, rows.length - start);
            float[] flat = new float[n * f];
            int[] sources = new int[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows[start + i], 0, flat, i * f, f);
                sources[i] = sourceRows[start + i];
            }
            m.embedFlat(flat, n, sources);
        }
    }

    static FeatureVocabulary vocabulary(int n) {
        String[] comp = {"Cells", "Cytoplasm", "Nuclei"};
        String[] ch = {"DNA", "ER", "Mito", "RNA", "AGP"};
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(comp[i % 3] + "_Texture_Feature" + i + "_" + ch[(i / 3) % 5]);
        }
        return new FeatureVocabulary(names);
    }

    private static float[] gaussian(int n, SplittableRandom r) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) normal(r);
        }
        return v;
    }

    private static double normal(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private static int intArg(String[] args, String name, int def) {
        String v = strArg(args, name, null);
        return v == null ? def : Integer.parseInt(v);
    }

    private static String strArg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}

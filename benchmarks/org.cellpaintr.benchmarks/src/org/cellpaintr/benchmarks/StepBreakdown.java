package org.cellpaintr.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.MlpActivation;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.loss.MaskedMse;
import org.cellpaintr.model.loss.SupConLoss;
import org.cellpaintr.model.masking.MaskSample;
import org.cellpaintr.model.nn.CellPainTRNetwork;
import org.cellpaintr.model.nn.Dense;
import org.cellpaintr.model.nn.EncoderBlock;
import org.cellpaintr.model.nn.FilterGeometry;
import org.cellpaintr.model.nn.Gelu;
import org.cellpaintr.model.nn.HyenaFilter;
import org.cellpaintr.model.nn.HyenaOperator;
import org.cellpaintr.model.nn.LongConvolution;
import org.cellpaintr.model.nn.Norm;
import org.cellpaintr.model.nn.OwnedTensors;
import org.cellpaintr.model.optim.AdamW;
import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;

/**
 * Breaks one CellPainTR training step down block by block and prints a table: CPU seconds per step of each block
 * (forward, and backward as forward+backward minus forward), its share of the whole step, and for matmul-like blocks
 * the dense FLOP count with the implied GFLOP/s. Not a test: run it with benchmarks/step-breakdown.sh.
 *
 * <p>Each row calls the model's own blocks ({@code org.cellpaintr.model.nn}) of a freshly created model on random
 * tensors of the shapes they see in a step, as many times as a step calls them (e.g. once per layer, each layer with
 * its own parameters), inside a gradient collector as in training. The backward of a row is the time of
 * forward + {@code sum(outputs).backward()} minus the forward time of the same row (the sum adds one cheap
 * reduction); inputs that are activations in the real step require gradients, so their input gradients are computed
 * too. CPU seconds are the calling thread's CPU time, which is the whole cost only with one libtorch thread
 * ({@code OMP_NUM_THREADS=1}, as the script sets); wall seconds are printed beside them. Every figure is the median
 * of {@code --reps} repetitions after {@code --warmup} warm-up repetitions.
 *
 * <p>The last rows time the whole step as the trainer runs it ({@link TrainingStep#forwardBackward} then
 * {@link AdamW#step()}, batch from {@link ModelBenchmark#batches}); the optimiser row is AdamW with its gradient
 * clipping, timed inside those steps.
 *
 * <p>Options: {@code --features F --width d --layers L --batch B} (default 352, 256, 4, 16; the paper's size is
 * {@code --features 3255}), {@code --reps N} (5), {@code --warmup N} (2), {@code --mlp-activation gelu|gelu-tanh}
 * (default: a new model's, exact GELU).
 */
public final class StepBreakdown {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Median thread-CPU and wall seconds of one timed piece of work. */
    private record Time(double cpu, double wall) {
        Time minus(Time o) {
            return new Time(cpu - o.cpu, wall - o.wall);
        }
    }

    private record Row(String block, int calls, Time forward, Time forwardBackward, double denseFlops) {
    }

    private final CellPainTRModel model;
    private final Engine engine;
    private final int reps;
    private final int warmup;

    private StepBreakdown(CellPainTRModel model, int reps, int warmup) {
        this.model = model;
        this.engine = Runtimes.pytorch();
        this.reps = reps;
        this.warmup = warmup;
    }

    public static void main(String[] args) {
        int features = intArg(args, "--features", 352);
        int width = intArg(args, "--width", 256);
        int layers = intArg(args, "--layers", 4);
        int batch = intArg(args, "--batch", 16);
        int reps = intArg(args, "--reps", 5);
        int warmup = intArg(args, "--warmup", 2);
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("This JVM cannot measure thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        Runtimes.pytorch();
        String loadBefore = ProcessMemory.loadAverage();
        double probeBefore = SpeedProbe.matmulGflops();
        System.out.printf(Locale.ROOT, "CellPainTR training step, block by block: F %d, d %d, L %d, B %d; %d CPU(s),"
                + " libtorch %s, intra-op threads %s (OMP_NUM_THREADS=%s); median of %d after %d warm-up%n",
                features, width, layers, batch, Runtime.getRuntime().availableProcessors(),
                Runtimes.pytorch().getVersion(), System.getProperty("ai.djl.pytorch.num_threads", "default"),
                System.getenv("OMP_NUM_THREADS"), reps, warmup);
        CellPainTRConfig c = CellPainTRConfig.authors().toBuilder().dModel(width).layers(layers)
                .mlpActivation(MlpActivation.parse(textArg(args, "--mlp-activation",
                        CellPainTRConfig.authors().mlpActivation().label())))
                .build();
        FeatureVocabulary vocab = ModelBenchmark.vocabulary(features);
        try (CellPainTRModel m = CellPainTRModel.create(c, vocab, List.of("source_a", "source_b"), 42,
                DeviceChoice.cpu()); AdamW opt = new AdamW(m, AdamW.Settings.authors())) {
            StepBreakdown b = new StepBreakdown(m, reps, warmup);
            Time[] whole = b.wholeStep(opt, features, batch);
            List<Row> rows = b.blocks(c, features, batch);
            String loadAfter = ProcessMemory.loadAverage();
            double probeAfter = SpeedProbe.matmulGflops();
            print(rows, whole, loadBefore, loadAfter, probeBefore, probeAfter);
        }
    }

    /** {whole step, forward+losses+backward, optimiser}, as the trainer runs them. */
    private Time[] wholeStep(AdamW opt, int features, int batch) {
        TrainingBatch[] batches = ModelBenchmark.batches(features, batch, 4);
        SplittableRandom rng = new SplittableRandom(1);
        double[][] cpu = new double[3][reps];
        double[][] wall = new double[3][reps];
        for (int i = 0; i < warmup + reps; i++) {
            TrainingBatch tb = batches[i % batches.length];
            long c0 = cpuNanos();
            long w0 = System.nanoTime();
            long c1;
            long w1;
            try (TrainingStep step = model.newTrainingStep()) {
                step.forwardBackward(tb, model.sampleMask(tb, rng));
                c1 = cpuNanos();
                w1 = System.nanoTime();
                opt.step();
            }
            long c2 = cpuNanos();
            long w2 = System.nanoTime();
            if (i >= warmup) {
                int k = i - warmup;
                cpu[0][k] = (c2 - c0) / 1e9;
                wall[0][k] = (w2 - w0) / 1e9;
                cpu[1][k] = (c1 - c0) / 1e9;
                wall[1][k] = (w1 - w0) / 1e9;
                cpu[2][k] = (c2 - c1) / 1e9;
                wall[2][k] = (w2 - w1) / 1e9;
            }
        }
        return new Time[] {new Time(median(cpu[0]), median(wall[0])), new Time(median(cpu[1]), median(wall[1])),
            new Time(median(cpu[2]), median(wall[2]))};
    }

    private List<Row> blocks(CellPainTRConfig c, int features, int batch) {
        CellPainTRNetwork net = model.network();
        List<EncoderBlock> layers = net.encoder().layers();
        int nLayers = layers.size();
        int d = c.dModel();
        int order = c.order();
        int inner = c.innerWidth();
        int seq = features + 2;
        long bs = (long) batch * seq;
        NDManager mm = model.manager().newSubManager();
        SplittableRandom r = new SplittableRandom(3);
        TrainingBatch tb = ModelBenchmark.batches(features, batch, 1)[0];
        MaskSample mask = model.sampleMask(tb, r);
        NDArray x = OwnedTensors.of(mm, tb.values(), new Shape(batch, features));
        NDArray maskArr = OwnedTensors.of(mm, mask.masked(), new Shape(batch, features));
        NDArray maskWeights = OwnedTensors.of(mm, mask.weights(), new Shape(batch, features));
        long[] src = new long[batch];
        for (int i = 0; i < batch; i++) {
            src[i] = tb.sourceRows()[i];
        }
        NDArray sourceRows = OwnedTensors.of(mm, src, new Shape(batch));
        NDArray hidden = activation(mm, batch, seq, d); // a block's input/output (B, S, d)
        NDArray projected = activation(mm, batch, seq, inner); // in_proj output (B, S, (N+1)d)
        NDArray channels = activation(mm, batch, inner, seq); // short conv output (B, (N+1)d, S)
        NDArray signal = activation(mm, batch, d, seq); // one Hyena channel group (B, d, S)
        NDArray wide = activation(mm, batch, seq, c.mlpWidth()); // MLP hidden (B, S, M)
        NDArray predicted = activation(mm, batch, features, 0);
        NDArray cls = activation(mm, batch, d, 0);
        int fftLength = layers.get(0).mixer().fftLength();
        NDArray spectrum; // one filter's spectrum, as a leaf so the long conv's backward reaches it as in the step
        try (NDArray k = layers.get(0).mixer().filter().filters()) {
            try (NDArray s = LongConvolution.filterSpectrum(k.stopGradient(), fftLength)) {
                try (NDArray groups = s.reshape(order - 1, d, s.getShape().get(1)); NDArray first = groups.get(0)) {
                    spectrum = first.duplicate();
                }
            }
        }
        boolean spectrumGrad = tryRequireGradient(spectrum);
        double temperature = model.configuredLossWeights().temperature();
        int taps = FilterGeometry.taps(seq);
        int filterChannels = d * (order - 1);
        double residDrop = c.residDropout();

        List<Row> rows = new ArrayList<>();
        rows.add(row("embedding (adaptor, mask, identity, [CLS]/[SRC])", 1, 0,
                () -> List.of(net.encoder().embedding().forward(x, maskArr, sourceRows))));
        if (c.embedDropout() > 0 || residDrop > 0) {
            int calls = (c.embedDropout() > 0 ? 1 : 0) + (residDrop > 0 ? 2 * nLayers : 0);
            rows.add(row("dropout (embedding, residual branches)", calls, 0, () -> {
                List<NDArray> out = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    out.add(Dropout.dropout(hidden, (float) (i == 0 && c.embedDropout() > 0 ? c.embedDropout()
                            : residDrop), true).singletonOrThrow());
                }
                return out;
            }));
        }
        rows.add(row("LayerNorm (2 per layer + final)", 2 * nLayers + 1, 0, () -> {
            List<NDArray> out = new ArrayList<>();
            for (EncoderBlock layer : layers) {
                out.add(((Norm) child(layer, "norm1")).forward(hidden));
                out.add(((Norm) child(layer, "norm2")).forward(hidden));
            }
            out.add(((Norm) child(net.encoder(), "norm_f")).forward(hidden));
            return out;
        }));
        rows.add(row("Hyena in_proj (d -> (N+1)d)", nLayers, nLayers * 2.0 * bs * d * inner, () -> perLayer(layers,
                l -> ((Dense) child(l.mixer(), "in_proj")).forward(hidden))));
        rows.add(row("Hyena short conv (transpose + depthwise k=3)", nLayers, 0, () -> perLayer(layers,
                l -> l.mixer().shortConv().forward(projected.transpose(0, 2, 1)))));
        rows.add(row("Hyena filter generation (implicit MLP + window + rfft)", nLayers,
                nLayers * 2.0 * taps * ((double) c.posEmbDim() * c.filterWidth()
                        + 2.0 * c.filterWidth() * c.filterWidth() + (double) c.filterWidth() * filterChannels),
                () -> perLayer(layers, l -> {
                    HyenaFilter f = l.mixer().filter();
                    try (NDArray k = f.filters()) {
                        return LongConvolution.filterSpectrum(k, fftLength);
                    }
                })));
        rows.add(row("Hyena gating (v * x_i)", nLayers * order, 0, () -> {
            List<NDArray> out = new ArrayList<>();
            NDList parts = channels.split(order + 1, 1);
            for (int i = 0; i < nLayers * order; i++) {
                out.add(parts.get(order).mul(parts.get(i % order)));
            }
            return out;
        }));
        rows.add(row((spectrumGrad ? "" : "(no spectrum gradient) ") + "Hyena FFT long conv (rfft, * spectrum, irfft,"
                + " skip)", nLayers * (order - 1), 0, () -> {
                    List<NDArray> out = new ArrayList<>();
                    for (EncoderBlock l : layers) {
                        HyenaFilter f = l.mixer().filter();
                        for (int o = 0; o < order - 1; o++) {
                            try (NDArray skips = f.skip().reshape(order - 1, d); NDArray skip = skips.get(o)) {
                                out.add(LongConvolution.apply(signal, spectrum, skip, fftLength));
                            }
                        }
                    }
                    return out;
                }));
        rows.add(row("Hyena out_proj (transpose + d -> d)", nLayers, nLayers * 2.0 * bs * d * d,
                () -> perLayer(layers, l -> ((Dense) child(l.mixer(), "out_proj")).forward(signal.transpose(0, 2,
                        1)))));
        rows.add(row("MLP fc1 + fc2 (d -> M -> d)", nLayers, nLayers * 2.0 * 2.0 * bs * d * c.mlpWidth(), () -> {
            List<NDArray> out = new ArrayList<>();
            for (EncoderBlock l : layers) {
                Block mlp = child(l, "mlp");
                out.add(((Dense) child(mlp, "fc1")).forward(hidden));
                out.add(((Dense) child(mlp, "fc2")).forward(wide));
            }
            return out;
        }));
        boolean exactGelu = c.mlpActivation() == MlpActivation.GELU;
        rows.add(row(exactGelu ? "MLP GELU (exact, libtorch kernel)" : "MLP tanh-GELU", nLayers, 0,
                () -> perLayer(layers, l -> exactGelu ? Gelu.exact(wide) : Gelu.tanhApprox(wide))));
        rows.add(row("residual adds", 2 * nLayers, 0, () -> {
            List<NDArray> out = new ArrayList<>();
            for (int i = 0; i < 2 * nLayers; i++) {
                out.add(hidden.add(hidden));
            }
            return out;
        }));
        rows.add(row("regression head (dense, exact GELU, LayerNorm, decoder)", 1,
                2.0 * batch * features * d * (d + 1), () -> List.of(net.predictValues(hidden))));
        rows.add(row("masked MSE", 1, 0, () -> List.of(MaskedMse.compute(predicted, x, maskWeights,
                mask.maskedCount()))));
        rows.add(row("SupCon", 1, 2.0 * batch * batch * d, () -> List.of(SupConLoss.compute(cls, tb.labels(),
                temperature, mm))));
        mm.close();
        return rows;
    }

    private interface LayerWork {
        NDArray run(EncoderBlock layer);
    }

    private static List<NDArray> perLayer(List<EncoderBlock> layers, LayerWork w) {
        List<NDArray> out = new ArrayList<>();
        for (EncoderBlock l : layers) {
            out.add(w.run(l));
        }
        return out;
    }

    private Row row(String name, int calls, double flops, Supplier<List<NDArray>> work) {
        Time fwd = time(work, false);
        Time both = time(work, true);
        System.out.printf(Locale.ROOT, "  %-60s fwd %.4f s, fwd+bwd %.4f s (CPU)%n", name, fwd.cpu, both.cpu);
        return new Row(name, calls, fwd, both, flops);
    }

    /** Median time of {@code work} (and of the backward of the sum of its outputs when {@code backward}). */
    private Time time(Supplier<List<NDArray>> work, boolean backward) {
        double[] cpu = new double[reps];
        double[] wall = new double[reps];
        for (int i = 0; i < warmup + reps; i++) {
            model.zeroGradients();
            try (NDScope scope = new NDScope(); GradientCollector gc = engine.newGradientCollector()) {
                long c0 = cpuNanos();
                long w0 = System.nanoTime();
                List<NDArray> out = work.get();
                if (backward) {
                    NDArray total = null;
                    for (NDArray o : out) {
                        NDArray s = (o.getDataType() == DataType.COMPLEX64 ? o.real() : o).sum(); // view_as_real
                        total = total == null ? s : total.add(s);
                    }
                    gc.backward(total);
                }
                long c1 = cpuNanos();
                long w1 = System.nanoTime();
                if (i >= warmup) {
                    cpu[i - warmup] = (c1 - c0) / 1e9;
                    wall[i - warmup] = (w1 - w0) / 1e9;
                }
            }
        }
        return new Time(median(cpu), median(wall));
    }

    /** A random activation that requires a gradient, (a, b, c), or (a, b) when c is 0. */
    private static NDArray activation(NDManager m, int a, int b, int c) {
        Shape s = c == 0 ? new Shape(a, b) : new Shape(a, b, c);
        NDArray t = m.randomNormal(s);
        t.setRequiresGradient(true);
        return t;
    }

    private static boolean tryRequireGradient(NDArray t) {
        try {
            t.setRequiresGradient(true);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The child block named {@code name} (DJL prefixes child names with a two-digit counter). */
    private static Block child(Block parent, String name) {
        for (Pair<String, Block> p : parent.getChildren()) {
            if (p.getKey().substring(2).equals(name)) {
                return p.getValue();
            }
        }
        throw new IllegalArgumentException(parent.getClass().getSimpleName() + " has no child " + name);
    }

    private static void print(List<Row> rows, Time[] whole, String loadBefore, String loadAfter, double probeBefore,
            double probeAfter) {
        double step = whole[0].cpu;
        System.out.println();
        System.out.println("| block | calls/step | forward CPU s | backward CPU s (fwd+bwd − fwd) | fwd+bwd CPU s"
                + " | share of step | dense GFLOP fwd (bwd = 2×) | GFLOP/s fwd | GFLOP/s bwd |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        double sum = 0;
        for (Row r : rows) {
            Time bwd = r.forwardBackward.minus(r.forward);
            sum += r.forwardBackward.cpu;
            String flops = r.denseFlops > 0 ? String.format(Locale.ROOT, "%.2f | %.1f | %.1f", r.denseFlops / 1e9,
                    r.denseFlops / r.forward.cpu / 1e9, 2 * r.denseFlops / bwd.cpu / 1e9) : "— | — | —";
            System.out.printf(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %.1f%% | %s |%n", r.block, r.calls,
                    r.forward.cpu, bwd.cpu, r.forwardBackward.cpu, 100 * r.forwardBackward.cpu / step, flops);
        }
        double dense = rows.stream().mapToDouble(Row::denseFlops).sum();
        System.out.printf(Locale.ROOT, "| optimiser (AdamW + clipping, in the whole step) | 1 | | | %.4f | %.1f%% |"
                + " — | — | — |%n", whole[2].cpu, 100 * whole[2].cpu / step);
        sum += whole[2].cpu;
        System.out.printf(Locale.ROOT, "| **sum of the rows** | | | | %.3f | %.1f%% | %.2f (×3 = %.2f fwd+bwd) | | |%n",
                sum, 100 * sum / step, dense / 1e9, 3 * dense / 1e9);
        System.out.printf(Locale.ROOT, "| **whole step as the trainer runs it** (forward+losses+backward %.3f s,"
                + " wall %.3f s) | 1 | | | %.3f | 100%% | | %.1f (fwd+bwd) | |%n", whole[1].cpu, whole[0].wall,
                step, 3 * dense / step / 1e9);
        System.out.printf(Locale.ROOT, "%nDense-FLOP floor at the probe's rate: %.3f s (probe %.0f GFLOP/s before,"
                + " %.0f after); load average before: %s; after: %s%n", 3 * dense / 1e9 / probeBefore, probeBefore,
                probeAfter, loadBefore, loadAfter);
    }

    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String textArg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}

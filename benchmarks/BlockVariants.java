import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.GradientCollector;

/**
 * Alternative forms of three Hyena-block pieces timed side by side at one sequence length (batch 16, d 256, MLP
 * 1024): the MLP activation (tanh form composed of libtorch ops against libtorch's exact GELU kernel), the FFT long
 * convolution at the authors' FFT length (smallest fast n >= 3L-1) against n >= 2L-1, and the short convolution
 * (libtorch's depthwise conv1d on the transposed projection against three shifted taps in the (B, L, C) layout plus
 * one layout copy). Forward and forward+backward CPU seconds of the calling thread, one call, minimum over rounds that
 * interleave the variants so they share the machine's state. Not a test; run with benchmarks/block-variants.sh.
 * A single source file that uses DJL only, so the comparison does not depend on the model's current code.
 * Args: sequenceLength rounds
 */
public class BlockVariants {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] a) {
        int len = Integer.parseInt(a[0]);
        int rounds = Integer.parseInt(a[1]);
        int b = 16;
        int d = 256;
        int c = 3 * d;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray hidden = m.randomNormal(new Shape(b, len, 1024));
            NDArray signal = m.randomNormal(new Shape(b, d, len));
            NDArray projected = m.randomNormal(new Shape(b, len, c));
            NDArray filter = m.randomNormal(new Shape(d, 2 * len - 1));
            NDArray skip = m.randomNormal(new Shape(d, 1));
            NDArray w = m.randomNormal(new Shape(c, 1, 3));
            w.setRequiresGradient(true);
            NDArray bias = m.randomNormal(new Shape(c));
            bias.setRequiresGradient(true);
            int authorsN = fastLength(3 * len - 1);
            int shortN = fastLength(2 * len - 1);
            NDArray specAuthors = filter.rfft(authorsN, -1);
            specAuthors.setRequiresGradient(true);
            NDArray specShort = filter.rfft(shortN, -1);
            specShort.setRequiresGradient(true);
            float k = (float) (2 * Math.sqrt(2 / Math.PI));

            Map<String, Object[]> variants = new LinkedHashMap<>();
            variants.put("MLP activation: tanh form (x*sigmoid)", new Object[] {hidden, (Function<NDArray, NDArray>) x -> {
                NDArray inner = x.square().muli(0.044715f * k).addi(k).mul(x);
                return x.mul(Activation.sigmoid(inner));
            }});
            variants.put("MLP activation: exact GELU kernel", new Object[] {hidden,
                (Function<NDArray, NDArray>) Activation::gelu});
            variants.put("long conv, n = " + authorsN + " (>= 3L-1)", new Object[] {signal,
                (Function<NDArray, NDArray>) x -> longConv(x, specAuthors, skip, authorsN, len)});
            variants.put("long conv, n = " + shortN + " (>= 2L-1)", new Object[] {signal,
                (Function<NDArray, NDArray>) x -> longConv(x, specShort, skip, shortN, len)});
            variants.put("short conv: transpose + depthwise conv1d", new Object[] {projected,
                (Function<NDArray, NDArray>) x -> Conv1d.conv1d(x.transpose(0, 2, 1), w, bias, new Shape(1),
                        new Shape(2), new Shape(1), c).singletonOrThrow().get(new NDIndex("..., :{}", len))});
            variants.put("short conv: 3 shifted taps (B,L,C) + copy", new Object[] {projected,
                (Function<NDArray, NDArray>) x -> {
                    NDArray padded = x.pad(new Shape(0, 0, 2, 0), 0);
                    NDArray y = null;
                    for (int t = 0; t < 3; t++) {
                        NDArray term = padded.get(new NDIndex(":, {}:{}", t, t + len))
                                .mul(w.get(new NDIndex(":, 0, {}", t)));
                        y = y == null ? term : y.addi(term);
                    }
                    y = y.addi(bias);
                    return y.transpose(0, 2, 1).flatten(1, 2).reshape(b, c, len);
                }});
            Map<String, List<double[]>> times = new LinkedHashMap<>();
            for (int r = 0; r <= rounds; r++) {
                for (Map.Entry<String, Object[]> e : variants.entrySet()) {
                    @SuppressWarnings("unchecked")
                    double[] t = once(m, (NDArray) e.getValue()[0], (Function<NDArray, NDArray>) e.getValue()[1]);
                    if (r > 0) { // round 0 warms up
                        times.computeIfAbsent(e.getKey(), q -> new ArrayList<>()).add(t);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "| piece (L = %d, batch %d, one call) | forward CPU s | forward+backward CPU s |%n",
                    len, b);
            System.out.println("|---|---:|---:|");
            for (Map.Entry<String, List<double[]>> e : times.entrySet()) {
                double f = Double.MAX_VALUE;
                double fb = Double.MAX_VALUE;
                for (double[] t : e.getValue()) {
                    f = Math.min(f, t[0]);
                    fb = Math.min(fb, t[1]);
                }
                System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f |%n", e.getKey(), f, fb);
            }
        }
    }

    private static NDArray longConv(NDArray v, NDArray spectrum, NDArray skip, int n, int len) {
        NDArray full = v.rfft(n, -1).mul(spectrum).irfft(n, -1);
        return full.get(new NDIndex("..., {}:{}", len - 1, 2 * len - 1)).add(v.mul(skip));
    }

    /** Smallest even 2/3/5-smooth number >= n. */
    private static int fastLength(int n) {
        for (int m = Math.max(2, n);; m++) {
            int r = m;
            for (int p : new int[] {2, 3, 5}) {
                while (r % p == 0) {
                    r /= p;
                }
            }
            if (m % 2 == 0 && r == 1) {
                return m;
            }
        }
    }

    private static double[] once(NDManager m, NDArray input, Function<NDArray, NDArray> f) {
        try (NDManager scope = m.newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(scope);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                NDArray y = f.apply(x);
                long c1 = THREADS.getCurrentThreadCpuTime();
                gc.backward(y.sum());
                long c2 = THREADS.getCurrentThreadCpuTime();
                return new double[] {(c1 - c0) / 1e9, (c2 - c0) / 1e9};
            }
        }
    }
}

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.optim.AdamW;

/**
 * CPU seconds of whole training steps (forward, losses, backward, clipping, AdamW; batch 16) of a new model with the
 * checkout's defaults, on the calling thread. A single source file on purpose: it runs unchanged against the classes
 * of any checkout (benchmarks/step-cpu-compare.sh runs it against two, interleaved), so a speed change is measured
 * side by side on the same machine at the same time. Uses only API both sides have.
 * Args: features width layers steps warmup
 */
public class StepCpuTime {
    public static void main(String[] a) {
        int features = Integer.parseInt(a[0]);
        int width = Integer.parseInt(a[1]);
        int layers = Integer.parseInt(a[2]);
        int steps = Integer.parseInt(a[3]);
        int warmup = Integer.parseInt(a[4]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> names = new ArrayList<>();
        String[] comp = {"Cells", "Cytoplasm", "Nuclei"};
        String[] ch = {"DNA", "ER", "Mito", "RNA", "AGP"};
        for (int i = 0; i < features; i++) {
            names.add(comp[i % 3] + "_Texture_Feature" + i + "_" + ch[(i / 3) % 5]);
        }
        CellPainTRConfig c = CellPainTRConfig.authors().toBuilder().dModel(width).layers(layers).build();
        SplittableRandom r = new SplittableRandom(7);
        TrainingBatch[] batches = new TrainingBatch[4];
        for (int k = 0; k < batches.length; k++) {
            float[] v = new float[16 * features];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) gaussian(r);
            }
            int[] src = new int[16];
            int[] labels = new int[16];
            for (int i = 0; i < 16; i++) {
                src[i] = i % 2;
                labels[i] = i / 4;
            }
            batches[k] = new TrainingBatch(v, 16, src, labels, 100 + k);
        }
        double[] cpu = new double[steps];
        try (CellPainTRModel m = CellPainTRModel.create(c, new FeatureVocabulary(names), List.of("a", "b"), 42,
                DeviceChoice.cpu()); AdamW opt = new AdamW(m, AdamW.Settings.authors())) {
            SplittableRandom rng = new SplittableRandom(1);
            for (int i = 0; i < warmup + steps; i++) {
                TrainingBatch b = batches[i % batches.length];
                long c0 = threads.getCurrentThreadCpuTime();
                try (TrainingStep step = m.newTrainingStep()) {
                    step.forwardBackward(b, m.sampleMask(b, rng));
                    opt.step();
                }
                if (i >= warmup) {
                    cpu[i - warmup] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
                }
            }
        }
        double[] sorted = cpu.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "step CPU s (F %d, d %d, L %d, B 16): median %.2f, min %.2f, all %s%n", features,
                width, layers, sorted[sorted.length / 2], sorted[0], Arrays.toString(cpu));
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}

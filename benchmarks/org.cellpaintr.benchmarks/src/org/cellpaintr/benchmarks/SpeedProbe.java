package org.cellpaintr.benchmarks;

import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * How fast the machine is right now: float32 1024×1024 matrix products through libtorch, in GFLOP/s. Printed next to
 * every benchmark row because shared machines vary several-fold from minute to minute (on the 2-core development VM
 * between about 40 and 200 GFLOP/s), and a timing means little without it.
 */
final class SpeedProbe {

    private SpeedProbe() {
    }

    /** Median of five runs of ten products. */
    static double matmulGflops() {
        int n = 1024;
        double[] rates = new double[5];
        try (NDManager m = Runtimes.pytorch().newBaseManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
            for (int r = 0; r < rates.length; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    try (NDArray c = a.matMul(b)) {
                        c.getFloat(0, 0); // forces completion (and is the only host copy)
                    }
                }
                rates[r] = 10 * 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9;
            }
        }
        java.util.Arrays.sort(rates);
        return rates[rates.length / 2];
    }
}

package org.cellpaintr.benchmarks;

import org.cellpaintr.engine.table.Allocators;

/**
 * Wall time, peak resident set size, peak Java heap and peak Arrow (off-heap) bytes of one benchmark phase.
 * Peaks are reset at the start of a phase: the JVM's per-pool peak usage, and the kernel's VmHWM through
 * /proc/self/clear_refs.
 */
public final class Measure {

    private final String name;
    private final long start;
    private final long arrowBefore;

    private Measure(String name) {
        this.name = name;
        System.gc();
        ProcessMemory.resetPeaks();
        this.arrowBefore = Allocators.allocatedBytes();
        this.start = System.nanoTime();
    }

    public static Measure start(String name) {
        return new Measure(name);
    }

    /** One result row. */
    public record Row(String phase, double seconds, double peakRssMb, double peakHeapMb, double arrowMb) {
        public String format() {
            return String.format(java.util.Locale.ROOT, "| %-42s | %8.2f | %9.0f | %10.0f | %9.0f |", phase, seconds,
                    peakRssMb, peakHeapMb, arrowMb);
        }
    }

    public static String header() {
        return "| phase                                      |   wall s | peak RSS MB | peak heap MB | Arrow peak MB (since start) |\n"
                + "|---|---|---|---|---|";
    }

    public Row stop() {
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Row(name, seconds, ProcessMemory.peakRssMiB(), ProcessMemory.peakHeapMiB(),
                Math.max(0, Allocators.peakBytes()) / 1048576.0);
    }
}

package org.cellpaintr.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory figures of this process for the benchmark tables: the resident set from Linux's /proc (all native memory
 * included, so libtorch and Arrow count) and the Java heap pools' peaks. Values are 0 where unavailable.
 */
final class ProcessMemory {

    private static final double MIB = 1048576.0;

    private ProcessMemory() {
    }

    /** Peak resident set since start or since the last {@link #resetPeaks()}, in bytes (VmHWM). */
    static long peakRss() {
        return statusField("VmHWM:");
    }

    static double peakRssMiB() {
        return peakRss() / MIB;
    }

    /** Current resident set in bytes (VmRSS). */
    static long rss() {
        return statusField("VmRSS:");
    }

    /** Sum of the heap pools' peak usage since the last reset, in MiB. */
    static double peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / MIB;
    }

    /**
     * Starts a new measuring phase: resets the heap pools' peaks and VmHWM (writing 5 to /proc/self/clear_refs sets
     * it to the current RSS). Returns false where VmHWM could not be reset; it then is the peak since start.
     */
    static boolean resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** CPU time of the whole process (all threads, libtorch's included) in nanoseconds, or -1 where unknown. */
    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The machine's load average (shared cores make timings noisy, so tables print it). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}

package org.cellpaintr.model.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident-set figures of this process from Linux's /proc (0 where unavailable). */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Peak resident set since start or since the last {@link #resetPeak()}, in bytes (VmHWM). */
    static long peakRss() {
        return field("VmHWM:");
    }

    /** Current resident set in bytes (VmRSS). */
    static long rss() {
        return field("VmRSS:");
    }

    /** Resets VmHWM to the current RSS (writing 5 to /proc/self/clear_refs), so phases get their own peak. */
    static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static long field(String name) {
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

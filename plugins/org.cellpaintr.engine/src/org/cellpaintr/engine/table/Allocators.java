package org.cellpaintr.engine.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The process-wide Arrow root allocator. Every {@link FeatureMatrix} takes a child of it, so that a matrix that is
 * not closed shows up as a leak when its child allocator is closed, and so that the total off-heap use is visible.
 */
public final class Allocators {

    private static final RootAllocator ROOT = new RootAllocator(Long.MAX_VALUE);

    private Allocators() {
    }

    public static BufferAllocator root() {
        return ROOT;
    }

    /** A child allocator for one object's buffers; closing it verifies that nothing leaked. */
    public static BufferAllocator child(String name) {
        return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
    }

    /** Bytes currently allocated off the Java heap by all profile tables. */
    public static long allocatedBytes() {
        return ROOT.getAllocatedMemory();
    }

    public static long peakBytes() {
        return ROOT.getPeakMemoryAllocation();
    }
}

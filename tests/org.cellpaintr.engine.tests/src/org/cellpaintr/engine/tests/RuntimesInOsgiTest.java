package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.cellpaintr.thirdparty.Runtimes;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Proves that the embedded DJL (with libtorch) and Arrow load and compute inside Equinox. */
class RuntimesInOsgiTest {

    @Test
    void runsInsideEquinox() {
        Bundle bundle = FrameworkUtil.getBundle(RuntimesInOsgiTest.class);
        assertNotNull(bundle, "test class must be loaded by an OSGi bundle class loader");
        assertEquals(Bundle.ACTIVE | Bundle.STARTING | Bundle.RESOLVED,
                (Bundle.ACTIVE | Bundle.STARTING | Bundle.RESOLVED) | bundle.getState());
    }

    @Test
    void pytorchEngineComputesAMatrixProduct() {
        Engine engine = Runtimes.pytorch();
        assertEquals("PyTorch", engine.getEngineName());
        try (NDManager manager = engine.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = manager.create(new float[] {5, 6, 7, 8}, new ai.djl.ndarray.types.Shape(2, 2));
            // [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]], worked by hand
            assertArrayEquals(new float[] {19, 22, 43, 50}, a.matMul(b).toFloatArray());
        }
    }

    @Test
    void arrowAllocatesOffHeapVectors() {
        try (BufferAllocator allocator = new RootAllocator(); Float4Vector v = new Float4Vector("x", allocator)) {
            v.allocateNew(3);
            v.set(0, 1.5f);
            v.set(1, -2f);
            v.set(2, 4f);
            v.setValueCount(3);
            assertEquals(3.5f, v.get(0) + v.get(1) + v.get(2));
        }
    }
}

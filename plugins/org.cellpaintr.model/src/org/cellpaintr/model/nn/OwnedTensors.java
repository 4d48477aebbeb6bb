package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The only way the model bundle turns Java arrays into tensors: the values are copied into memory that libtorch
 * allocates and reference-counts itself.
 *
 * <p>Why: DJL's {@code NDManager.create(float[] ...)} makes a CPU tensor that <em>aliases</em> a Java direct buffer
 * ({@code torch::from_blob}); only the Java handle keeps that buffer reachable. Once the handle is closed (or
 * {@code set(...)} swaps the buffer it keeps), the garbage collector may free memory that libtorch still uses:
 * through a view, through a tensor the autograd graph saved for the backward pass, or as a parameter's storage. That
 * use-after-free is how a curriculum run crashed inside libtorch's backward pass (SIGSEGV in
 * {@code torchBackward}). A tensor made here owns its memory, so closing any handle early is safe: libtorch keeps
 * every tensor alive as long as anything in libtorch refers to it. A test checks that no other {@code create} of
 * Java data remains in the bundle's sources.
 */
public final class OwnedTensors {

    private OwnedTensors() {
    }

    public static NDArray of(NDManager m, float[] values, Shape shape) {
        return owned(m.create(values, shape));
    }

    public static NDArray of(NDManager m, double[] values, Shape shape) {
        return owned(m.create(values, shape));
    }

    public static NDArray of(NDManager m, long[] values, Shape shape) {
        return owned(m.create(values, shape));
    }

    public static NDArray of(NDManager m, boolean[] values, Shape shape) {
        return owned(m.create(values, shape));
    }

    /** A libtorch-owned copy (clone) of a tensor that aliases Java memory; the aliasing handle is closed at once. */
    private static NDArray owned(NDArray aliasing) {
        try (aliasing) {
            return aliasing.duplicate();
        }
    }
}

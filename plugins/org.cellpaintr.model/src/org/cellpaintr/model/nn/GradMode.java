package org.cellpaintr.model.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Switches libtorch's autograd recording off (or on) for the current thread, restoring the previous state on close.
 *
 * <p>Why: libtorch's grad mode is thread-local and on by default; DJL switches it off only on the thread that
 * started the engine and toggles it inside a {@code GradientCollector}. Inference on a worker thread (KNIME) would
 * otherwise record a graph for every parameter, and in-place optimiser updates of leaf tensors need it off.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;
    private final boolean active;

    private GradMode(Engine engine, boolean enabled) {
        active = "PyTorch".equals(engine.getEngineName());
        previous = active && JniUtils.isGradMode();
        if (active) {
            JniUtils.setGradMode(enabled);
        }
    }

    /** Turns recording off until {@link #close()}. */
    public static GradMode off(Engine engine) {
        return new GradMode(engine, false);
    }

    @Override
    public void close() {
        if (active) {
            JniUtils.setGradMode(previous);
        }
    }
}

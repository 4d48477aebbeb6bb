package org.cellpaintr.engine.correct;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Frees libtorch temporaries of an iterative computation. Every array computed from arrays of the current manager
 * lands in that manager; {@link #keep} moves the arrays still needed into a fresh manager and closes the old one
 * with everything else in it. So memory stays at the live state plus one step's temporaries.
 */
final class IterationScope implements AutoCloseable {

    private final NDManager root;
    private NDManager current;

    IterationScope(NDManager root) {
        this.root = root;
        this.current = root.newSubManager();
    }

    NDManager manager() {
        return current;
    }

    void keep(NDArray... live) {
        NDManager next = root.newSubManager();
        for (NDArray a : live) {
            if (a != null) {
                a.attach(next);
            }
        }
        current.close();
        current = next;
    }

    @Override
    public void close() {
        current.close();
    }
}

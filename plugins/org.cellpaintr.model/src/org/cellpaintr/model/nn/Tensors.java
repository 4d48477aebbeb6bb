package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * Eager release of intermediate tensors.
 *
 * <p>Why: in Python a tensor is freed when its last reference goes; a DJL handle keeps its tensor alive until it is
 * closed (or its manager/scope closes). Left to the end of a training step, every intermediate of the forward pass
 * would stay resident at once, several times what autograd itself keeps. Closing a handle is safe because every
 * tensor of the bundle owns its memory ({@link OwnedTensors}): autograd holds its own references to the tensors the
 * backward pass needs, and a view keeps its base storage.
 */
public final class Tensors {

    private Tensors() {
    }

    /** Closes {@code consumed} (unless it is {@code result} itself, as after an in-place op) and returns result. */
    public static NDArray consume(NDArray consumed, NDArray result) {
        if (consumed != result) {
            consumed.close();
        }
        return result;
    }
}

package org.cellpaintr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The two GELU variants (docs/method.md §1.2, §1.5): tanh-approximate in the MLPs, exact in the head. */
public final class Gelu {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private Gelu() {
    }

    /** Exact GELU x·Φ(x) (libtorch's default gelu). */
    public static NDArray exact(NDArray x) {
        return Activation.gelu(x);
    }

    /**
     * Tanh-approximate GELU {@code 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))}, written as the identical
     * {@code x·sigmoid(2√(2/π)(x + 0.044715x³))}: DJL has no fused kernel for it, and this form keeps the number of
     * full-size tensors that autograd saves at three instead of the eight of the literal formula.
     */
    public static NDArray tanhApprox(NDArray x) {
        float k = (float) (2 * SQRT_2_OVER_PI);
        NDArray inner = x.square().muli(0.044715f * k).addi(k);
        inner = Tensors.consume(inner, inner.mul(x));
        NDArray gate = Tensors.consume(inner, Activation.sigmoid(inner));
        return Tensors.consume(gate, x.mul(gate));
    }
}

package org.cellpaintr.model.nn;

import org.cellpaintr.model.config.FilterMode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * The implicit long filter of a Hyena operator (docs/method.md §1.4): positional features → Linear → Sin → Linear → Sin
 * → Linear → Sin → Linear (no bias), multiplied by an exponential window. It produces one (2L-1)-tap filter per channel
 * for {@code channels} = d_model × (order-1) channels, plus a per-channel skip weight {@code D} (N(0,1) init).
 *
 * <p>The three sine activations share one trainable frequency vector (as in HyenaDNA, and counted once in the
 * authors' parameter total). The positional features and the window are constant buffers; their two variants are
 * described in {@link FilterMode} and {@link FilterGeometry}.
 */
public final class HyenaFilter extends NetBlock {

    private final int seqLen;
    private final int posEmbDim;
    private final int channels;
    private final FilterMode mode;
    private final Dense fc1;
    private final Dense fc2;
    private final Dense fc3;
    private final Dense out;
    private final Parameter freq;
    private final Parameter skip;
    private NDArray positions;
    private NDArray window;

    public HyenaFilter(int seqLen, int posEmbDim, int width, int channels, double sineFreq, FilterMode mode) {
        this.seqLen = seqLen;
        this.posEmbDim = posEmbDim;
        this.channels = channels;
        this.mode = mode;
        this.fc1 = child("fc1", new Dense(posEmbDim, width, true, InitRule.NORMAL_002));
        this.fc2 = child("fc2", new Dense(width, width, true, InitRule.NORMAL_002));
        this.fc3 = child("fc3", new Dense(width, width, true, InitRule.NORMAL_002));
        this.out = child("out", new Dense(width, channels, false, InitRule.NORMAL_002));
        this.freq = param("sin_freq", new Shape(width), InitRule.constant(sineFreq));
        this.skip = param("bias", new Shape(channels), InitRule.normal(1.0));
    }

    @Override
    protected void createBuffers(NDManager manager, DataType dataType) {
        int taps = FilterGeometry.taps(seqLen);
        positions = create(manager, FilterGeometry.positionalFeatures(seqLen, posEmbDim, mode),
                new Shape(taps, posEmbDim), dataType);
        window = create(manager, FilterGeometry.window(seqLen, channels, mode), new Shape(taps, channels), dataType);
    }

    private static NDArray create(NDManager m, double[] values, Shape shape, DataType type) {
        NDArray d = OwnedTensors.of(m, values, shape);
        NDArray r = d.toType(type, false);
        if (r != d) {
            d.close();
        }
        // buffers live as long as the model, even when it is built inside a caller's NDScope
        NDScope.unregister(r);
        return r;
    }

    /** The filters, (channels, 2L-1). */
    public NDArray filters() {
        NDArray h = sine(fc1.forward(positions));
        h = sine(Tensors.consume(h, fc2.forward(h)));
        h = sine(Tensors.consume(h, fc3.forward(h)));
        h = Tensors.consume(h, out.forward(h));
        h = Tensors.consume(h, h.mul(window));
        return Tensors.consume(h, h.transpose());
    }

    /** sin(freq ⊙ h) with the shared trainable frequencies; closes {@code h}. */
    private NDArray sine(NDArray h) {
        NDArray scaled = Tensors.consume(h, h.mul(freq.getArray()));
        return Tensors.consume(scaled, scaled.sin());
    }

    /** The skip weights D, (channels). */
    public NDArray skip() {
        return skip.getArray();
    }

    public int channels() {
        return channels;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(channels, FilterGeometry.taps(seqLen))};
    }
}

package org.cellpaintr.model.config;

import java.util.Locale;

/**
 * The activation between the two linear maps of each block's MLP (docs/model.md, "Architecture").
 * <ul>
 * <li>{@link #GELU_TANH}: the tanh approximation {@code 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))} of the authors'
 * 2024 code (Hyena's MLP). DJL has no fused kernel for it, so it is built from element-wise operations: at the
 * paper's size it was the costliest non-matrix row of a training step (docs/benchmarks.md).</li>
 * <li>{@link #GELU}: exact GELU {@code x·Φ(x)}, libtorch's fused kernel (one saved tensor, one pass each way). It
 * differs from the tanh form by less than 5e-4 anywhere, far below what training notices; it is the default of new
 * models, while {@code compat-2024} configurations and archives written before this setting existed keep the tanh
 * form so that they compute exactly what they were trained with.</li>
 * </ul>
 */
public enum MlpActivation {
    GELU,
    GELU_TANH;

    /** Parses {@code gelu}, {@code gelu-tanh} (case and '_'/'-' insensitive). */
    public static MlpActivation parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown MLP activation '" + text + "': use gelu or gelu-tanh");
        }
    }

    /** The spelling used in settings and archives. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package org.cellpaintr.model.config;

import java.util.Locale;

/** How positions are chosen for masked feature modelling (docs/method.md §2.1). */
public enum MaskingMode {
    /**
     * The paper's channel-wise masked modelling: all features of one (compartment, channel) group of a sample are
     * masked together, the groups coming from the CellProfiler feature names. The default.
     */
    CHANNEL_WISE,
    /** The 2024 code's behaviour: every (sample, feature) position masked independently with the batch ratio. */
    PER_FEATURE;

    /** Parses {@code channel-wise} / {@code per-feature} (case and '_'/'-' insensitive). */
    public static MaskingMode parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown masking mode '" + text + "': use channel-wise or per-feature");
        }
    }

    /** The spelling used in settings and archives. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

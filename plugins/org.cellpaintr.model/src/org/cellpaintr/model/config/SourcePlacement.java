package org.cellpaintr.model.config;

import java.util.Locale;

/**
 * Where the [SRC] source-context vector enters the token sequence (docs/method.md §1.1). The sequence always has
 * F + 2 positions ([CLS], F feature values, [SRC]); only the order and an optional broadcast differ.
 * <ul>
 * <li>{@link #END}: [CLS] x1..xF [SRC], the authors' 2024 code. With the 2024 filter ({@link FilterMode#COMPAT_2024})
 * position 0 sees the far end of the sequence through the growing window; with the decaying window of
 * {@link FilterMode#EVIDENT_INTENT} it hardly does, so the [CLS] embedding barely depends on the source.</li>
 * <li>{@link #AFTER_CLS}: [CLS] [SRC] x1..xF: the source token is the neighbour of [CLS], inside every window.</li>
 * <li>{@link #EVERY_TOKEN}: as {@link #END}, and the source vector is also added to every feature token, so each
 * value is read in its source's context from the first layer on; [CLS] itself gets no raw source offset.</li>
 * </ul>
 */
public enum SourcePlacement {
    END,
    AFTER_CLS,
    EVERY_TOKEN;

    /** Sequence position of the first feature value (the regression head reads F positions from here). */
    public int firstFeaturePosition() {
        return this == AFTER_CLS ? 2 : 1;
    }

    /** Sequence position of the [SRC] token. */
    public int sourcePosition(int features) {
        return this == AFTER_CLS ? 1 : features + 1;
    }

    /** Parses {@code end}, {@code after-cls}, {@code every-token} (case and '_'/'-' insensitive). */
    public static SourcePlacement parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown source placement '" + text
                    + "': use end, after-cls or every-token");
        }
    }

    /** The spelling used in settings and archives. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

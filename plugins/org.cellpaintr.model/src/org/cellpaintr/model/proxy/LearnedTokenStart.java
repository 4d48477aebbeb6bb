package org.cellpaintr.model.proxy;

import java.util.Locale;

/** Where the learned strategy starts its new token. */
public enum LearnedTokenStart {
    /** The candidate with the lowest masked-modelling loss on the sample (the automatic strategy's winner). */
    BEST_CANDIDATE,
    /** The mean of all candidate tokens. */
    CODEBOOK_MEAN;

    /** Parses {@code best-candidate} / {@code codebook-mean} (case and '_'/'-' insensitive). */
    public static LearnedTokenStart parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown token start '" + text + "': use best-candidate or "
                    + "codebook-mean");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

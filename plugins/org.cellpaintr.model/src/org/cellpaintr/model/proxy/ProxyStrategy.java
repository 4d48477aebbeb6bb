package org.cellpaintr.model.proxy;

import java.util.Locale;

/** How Select Proxy Token chooses the [SRC] vector of a dataset the model has not seen (docs/proxy.md). */
public enum ProxyStrategy {
    /** The training source whose descriptive metadata (microscope, cell line, ...) matches the new dataset best. */
    METADATA,
    /** The training source whose token gives the lowest masked-modelling loss on a seeded sample of the new data. */
    AUTOMATIC,
    /** A new token optimised on the new data's masked-modelling loss, everything else frozen. */
    LEARNED;

    /** Parses {@code metadata}, {@code automatic} or {@code learned} (case-insensitive). */
    public static ProxyStrategy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown proxy strategy '" + text + "': use metadata, automatic or "
                    + "learned");
        }
    }

    /** The spelling used in settings, tables and the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.cellpaintr.cli.report;

import java.util.Locale;

/** Numbers as a person reads them in a table: scores to three decimals, counts as whole numbers. */
public final class Readable {

    /** What a table shows where a metric could not be computed (the score file's status column says why). */
    public static final String NOT_COMPUTED = "n/a";

    private Readable() {
    }

    /**
     * A score in [0, 1] (or any metric value) to three decimals: the metrics' own noise (Leiden seeds, the mAP
     * null) is in the second or third decimal, so more digits would only suggest precision that is not there.
     */
    public static String score(double v) {
        return Double.isNaN(v) ? NOT_COMPUTED : String.format(Locale.ROOT, "%.3f", v);
    }

    /** A fraction as a percentage without decimals. */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? NOT_COMPUTED : String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    /** Seconds as minutes and seconds. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }
}

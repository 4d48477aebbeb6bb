package org.cellpaintr.engine.correct;

/** The baseline corrections of Arevalo et al. offered by {@link CorrectBatchEffects}. */
public enum CorrectionMethod {
    COMBAT, HARMONY, SPHERING;

    /** From the command line's spelling (combat, harmony, sphering), case-insensitive. */
    public static CorrectionMethod parse(String text) {
        for (CorrectionMethod m : values()) {
            if (m.name().equalsIgnoreCase(text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown correction method '" + text + "' (combat, harmony, sphering)");
    }
}

package org.cellpaintr.model.config;

/**
 * How the bidirectional Hyena filter builds its positional features and its exponential window (docs/method.md §1.4).
 *
 * <p>The authors' 2024 code has two details that look unintended; the port defaults to what the code evidently
 * meant and keeps an exact reproduction as an option:
 * <ul>
 * <li>{@link #EVIDENT_INTENT}: positional band frequencies {@code linspace(1e-4, bands-1, bands)} (HyenaDNA's bands)
 * and a window {@code exp(-|t|·|δ|) + shift} that decays with the distance |t| on both sides of the output.</li>
 * <li>{@link #COMPAT_2024}: every band frequency overwritten with 1e-4 (so the sine/cosine features are almost
 * constant) and the window {@code exp(-t·|δ|) + shift}, which grows up to about 4.6e6 for the taps that look at
 * inputs after the output position (t &lt; 0).</li>
 * </ul>
 */
public enum FilterMode {
    /** Proper positional bands and a window decaying on both sides (the default). */
    EVIDENT_INTENT,
    /** Bit-for-bit the 2024 code's filter: frequencies all 1e-4 and a one-sided growing window. */
    COMPAT_2024;

    /** Parses {@code evident-intent} / {@code compat-2024} (case and '_'/'-' insensitive). */
    public static FilterMode parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown filter mode '" + text + "': use evident-intent or compat-2024");
        }
    }

    /** The spelling used in settings and archives. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

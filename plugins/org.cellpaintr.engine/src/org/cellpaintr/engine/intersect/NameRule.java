package org.cellpaintr.engine.intersect;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name normalisations Intersect Features may use, tried in this order after an exact match. Each maps a
 * feature name to a key; a data column matches a reference feature when their keys are equal.
 */
public enum NameRule {

    /** Identical names. */
    EXACT("exact") {
        @Override
        public String key(String name) {
            return name;
        }
    },

    /**
     * CellProfiler version differences of texture names: CellProfiler 3 writes {@code ..._DNA_5_0}, CellProfiler 4
     * {@code ..._DNA_5_00_256} (two-digit angle, gray levels appended). Both map to the two-digit, no-suffix form.
     */
    CELLPROFILER_VERSION("cellprofiler_version") {
        @Override
        public String key(String name) {
            return canonicalTexture(name);
        }
    },

    /**
     * Case and underscores ignored (the CellPainTR authors' rule: lower-case, '_' removed), on top of the version
     * rule.
     */
    CASE_AND_UNDERSCORES("case_and_underscores") {
        @Override
        public String key(String name) {
            return canonicalTexture(name).toLowerCase(Locale.ROOT).replace("_", "");
        }
    };

    private static final Pattern TEXTURE = Pattern.compile("(.*_Texture_[^_]+_.+?_\\d+)_(\\d{1,2})(?:_(\\d+))?");

    private final String label;

    NameRule(String label) {
        this.label = label;
    }

    /** The name as it appears in the report. */
    public String label() {
        return label;
    }

    public abstract String key(String name);

    static String canonicalTexture(String name) {
        Matcher m = TEXTURE.matcher(name);
        if (!m.matches()) {
            return name;
        }
        String angle = m.group(2).length() == 1 ? "0" + m.group(2) : m.group(2);
        return m.group(1) + "_" + angle;
    }
}

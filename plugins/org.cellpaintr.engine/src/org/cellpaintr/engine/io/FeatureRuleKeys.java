package org.cellpaintr.engine.io;

import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;

/**
 * The keys of the feature-column rule, shared by every operation that takes a table (the command line's
 * {@code --feature-include}, {@code --feature-exclude}, {@code --feature-pattern}).
 */
public final class FeatureRuleKeys {

    public static final String INCLUDE = "feature-include";
    public static final String EXCLUDE = "feature-exclude";
    public static final String PATTERN = "feature-pattern";

    private FeatureRuleKeys() {
    }

    public static void put(SettingsTree t, FeatureColumnRule r) {
        t.put(INCLUDE, r.include());
        t.put(EXCLUDE, r.exclude());
        t.put(PATTERN, r.pattern() == null ? "" : r.pattern());
    }

    public static FeatureColumnRule rule(SettingsTree t) throws SettingsException {
        FeatureColumnRule r = new FeatureColumnRule(t.strings(INCLUDE), t.strings(EXCLUDE), t.optionalString(PATTERN));
        try {
            r.validate();
        } catch (SettingsException e) {
            throw new SettingsException(PATTERN, e.getMessage());
        }
        return r;
    }
}

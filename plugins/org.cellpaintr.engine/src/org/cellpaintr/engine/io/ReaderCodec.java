package org.cellpaintr.engine.io;

import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;

/** Saved form of {@link ReaderSettings}: {@code input} and the feature-rule keys. */
public final class ReaderCodec implements SettingsCodec<ReaderSettings> {

    public static final String INPUT = "input";

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SettingsTree defaults() {
        return encode(new ReaderSettings("", FeatureColumnRule.CELLPROFILER));
    }

    /** Decodes without requiring a file: a new node has none yet (configure says so, naming the key). */
    @Override
    public ReaderSettings decode(SettingsTree saved) throws SettingsException {
        SettingsTree t = complete(saved);
        String input = t.string(INPUT);
        return new ReaderSettings(input == null ? "" : input.strip(), FeatureRuleKeys.rule(t));
    }

    @Override
    public SettingsTree encode(ReaderSettings s) {
        SettingsTree t = versioned().put(INPUT, s.input());
        FeatureRuleKeys.put(t, s.rule());
        return t;
    }
}

package org.cellpaintr.engine.intersect;

import java.util.List;

import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;

/**
 * Saved form of Intersect Features' options; keys are the options of {@code cellpaintr intersect}. The reference
 * feature list is not a setting: it comes from a reference table or a model (a file on the command line, a port
 * in KNIME), so the saved form is {@link Options} and {@link Options#withReference} makes the settings.
 */
public final class IntersectCodec implements SettingsCodec<IntersectCodec.Options> {

    /**
     * @param exactOnly      match names exactly, without the CellProfiler-version and case rules
     * @param failOnMissing  refuse instead of zero-padding reference features the data lacks
     * @param minMatched     refuse when fewer reference features match
     */
    public record Options(boolean exactOnly, boolean failOnMissing, int minMatched) {

        public IntersectSettings withReference(List<String> reference) throws SettingsException {
            IntersectSettings s = new IntersectSettings(reference, !exactOnly, failOnMissing, minMatched);
            s.validate();
            return s;
        }
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SettingsTree defaults() {
        return encode(new Options(false, false, 1));
    }

    @Override
    public Options decode(SettingsTree saved) throws SettingsException {
        SettingsTree t = complete(saved);
        int min = t.integer("min-matched");
        if (min < 0) {
            throw new SettingsException("min-matched", "must be >= 0, was " + min);
        }
        return new Options(t.bool("exact-only"), t.bool("fail-on-missing"), min);
    }

    @Override
    public SettingsTree encode(Options o) {
        return versioned().put("exact-only", o.exactOnly()).put("fail-on-missing", o.failOnMissing())
                .put("min-matched", o.minMatched());
    }
}

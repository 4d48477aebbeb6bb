package org.cellpaintr.engine.normalize;

import java.util.List;

import org.cellpaintr.engine.settings.JumpDefaults;
import org.cellpaintr.engine.settings.RoleKeys;
import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;

/**
 * Saved form of {@link NormalizeSettings}; keys are the options of {@code cellpaintr normalize}. The preset is
 * applied first and every other key overrides it, so a file holding only {@code preset = arevalo} means the whole
 * Arevalo preset.
 */
public final class NormalizeCodec implements SettingsCodec<NormalizeSettings> {

    public static final String PRESET = "preset";

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SettingsTree defaults() {
        return encode(NormalizeSettings.authors(List.of(JumpDefaults.PLATE), JumpDefaults.COMPOUND,
                List.of(JumpDefaults.DMSO)));
    }

    @Override
    public NormalizeSettings decode(SettingsTree saved) throws SettingsException {
        String preset = saved.has(PRESET) ? saved.string(PRESET) : "authors";
        NormalizeSettings base = NormalizeSettings.preset(preset == null ? "" : preset, List.of(JumpDefaults.PLATE),
                JumpDefaults.COMPOUND, List.of(JumpDefaults.DMSO));
        SettingsTree presetDefaults = encode(base);
        if (saved.version() > version()) {
            complete(saved); // throws the version message
        }
        SettingsTree t = saved.over(presetDefaults);
        RoleKeys.Controls c = RoleKeys.controls(t);
        NormalizeSettings s = new NormalizeSettings(t.strings(RoleKeys.PLATE_COLUMN),
                t.choice("reference", NormalizeSettings.Reference.class), c.column(), c.values(),
                t.bool("fallback-all-wells"), t.choice("method", NormalizeSettings.Method.class),
                t.bool("mad-consistency"), t.number("epsilon"), t.choice("non-finite", NormalizeSettings.NonFinite.class),
                t.bool("inverse-normal"), t.longValue("tie-seed"), t.choice("clip", NormalizeSettings.Clip.class),
                t.number("clip-low"), t.number("clip-high"), t.bool("drop-low-mad"), t.number("min-coef-var"),
                t.bool("variance-filter"), t.number("correlation-threshold"));
        s.validateValues();
        return s;
    }

    @Override
    public SettingsTree encode(NormalizeSettings s) {
        SettingsTree t = versioned();
        NormalizeSettings arevalo = NormalizeSettings.arevalo(s.plateColumns(), s.controlColumn(), s.controlValues());
        NormalizeSettings center = NormalizeSettings.centerOnControls(s.plateColumns(), s.controlColumn(),
                s.controlValues());
        t.put(PRESET, arevalo.withReference(s.reference(), s.noControlsFallback()).equals(s) ? "arevalo"
                : center.withReference(s.reference(), s.noControlsFallback()).equals(s) ? "center" : "authors");
        t.put(RoleKeys.PLATE_COLUMN, s.plateColumns());
        RoleKeys.putControls(t, new RoleKeys.Controls(s.controlColumn(), s.controlValues()));
        t.put("reference", SettingsTree.spell(s.reference()));
        t.put("fallback-all-wells", s.noControlsFallback());
        t.put("method", SettingsTree.spell(s.method()));
        t.put("mad-consistency", s.madConsistency());
        t.put("epsilon", s.epsilon());
        t.put("non-finite", SettingsTree.spell(s.nonFinite()));
        t.put("inverse-normal", s.inverseNormal());
        t.put("tie-seed", s.tieSeed());
        t.put("clip", SettingsTree.spell(s.clip()));
        t.put("clip-low", s.clipLow());
        t.put("clip-high", s.clipHigh());
        t.put("drop-low-mad", s.dropLowMad());
        t.put("min-coef-var", s.minCoefVar());
        t.put("variance-filter", s.varianceFilter());
        t.put("correlation-threshold", s.correlationThreshold());
        return t;
    }
}

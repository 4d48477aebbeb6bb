package org.cellpaintr.engine.metrics;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.settings.JumpDefaults;
import org.cellpaintr.engine.settings.RoleKeys;
import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;

/** Saved form of {@link ScoreSettings}; keys are the options of {@code cellpaintr score}. */
public final class ScoreCodec implements SettingsCodec<ScoreSettings> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SettingsTree defaults() {
        return encode(ScoreSettings.defaults(JumpDefaults.SOURCE, JumpDefaults.COMPOUND, JumpDefaults.PLATE,
                JumpDefaults.WELL, JumpDefaults.COMPOUND, JumpDefaults.DMSO, null));
    }

    @Override
    public ScoreSettings decode(SettingsTree saved) throws SettingsException {
        SettingsTree t = complete(saved);
        Set<Metric> metrics = EnumSet.noneOf(Metric.class);
        for (String m : t.strings("metrics")) {
            try {
                metrics.add(Metric.parse(m.replace('-', '_')));  // the command line spells MAP_CONTROLS map-controls
            } catch (IllegalArgumentException e) {
                throw new SettingsException("metrics", e.getMessage());
            }
        }
        if (metrics.isEmpty()) {
            throw new SettingsException("metrics", "no metric chosen");
        }
        String label = t.optionalString(RoleKeys.LABEL_COLUMN);
        if (label == null) {
            throw new SettingsException(RoleKeys.LABEL_COLUMN, "choose the compound label column");
        }
        int k = t.integer("neighbours");
        if (k < 2) {
            throw new SettingsException("neighbours", "must be at least 2, got " + k);
        }
        int nullSize = t.integer("null-size");
        if (nullSize < 1) {
            throw new SettingsException("null-size", "must be positive, got " + nullSize);
        }
        RoleKeys.Controls c = RoleKeys.controls(t);
        String negative = c.column() == null ? null : c.single();
        List<String> plates = t.strings(RoleKeys.PLATE_COLUMN);
        String plate = plates.isEmpty() ? null : RoleKeys.singlePlate(t);
        ScoreSettings s = ScoreSettings.defaults(t.optionalString(RoleKeys.BATCH_COLUMN), label, plate,
                t.optionalString(RoleKeys.WELL_COLUMN), c.column(), negative, t.optionalString("positive-control"))
                .withMetrics(metrics).withNeighbours(k).withNullSize(nullSize);
        return new ScoreSettings(s.batchColumn(), s.labelColumn(), s.plateColumn(), s.wellColumn(), s.controlColumn(),
                s.negativeControlValue(), s.positiveControlValue(), s.metrics(), s.neighbours(), s.lisiNeighbours(),
                s.leidenResolution(), t.longValue("seed"), s.nullSize(), s.threshold());
    }

    @Override
    public SettingsTree encode(ScoreSettings s) {
        SettingsTree t = versioned();
        RoleKeys.putColumn(t, RoleKeys.BATCH_COLUMN, s.batchColumn());
        RoleKeys.putColumn(t, RoleKeys.LABEL_COLUMN, s.labelColumn());
        t.put(RoleKeys.PLATE_COLUMN, s.plateColumn() == null ? List.of() : List.of(s.plateColumn()));
        RoleKeys.putColumn(t, RoleKeys.WELL_COLUMN, s.wellColumn());
        RoleKeys.putControls(t, new RoleKeys.Controls(s.controlColumn(),
                s.negativeControlValue() == null ? List.of() : List.of(s.negativeControlValue())));
        RoleKeys.putColumn(t, "positive-control", s.positiveControlValue());
        List<String> names = new ArrayList<>();
        for (Metric m : s.metrics()) {
            names.add(m.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        t.put("metrics", names);
        t.put("neighbours", s.neighbours());
        t.put("seed", s.seed());
        t.put("null-size", s.nullSize());
        return t;
    }
}

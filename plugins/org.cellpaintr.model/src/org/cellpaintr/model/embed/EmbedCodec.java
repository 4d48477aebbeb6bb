package org.cellpaintr.model.embed;

import org.cellpaintr.engine.settings.JumpDefaults;
import org.cellpaintr.engine.settings.RoleKeys;
import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.device.DeviceKeys;

/**
 * Saved form of {@link EmbedSettings} plus the device a model is loaded on; keys are the options of
 * {@code cellpaintr embed}.
 */
public final class EmbedCodec implements SettingsCodec<EmbedCodec.Saved> {

    /** The settings and the device (the command line's {@code --device}). */
    public record Saved(EmbedSettings settings, DeviceChoice device) {
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SettingsTree defaults() {
        return encode(new Saved(EmbedSettings.bySourceColumn(JumpDefaults.SOURCE), DeviceChoice.cpu()));
    }

    @Override
    public Saved decode(SettingsTree saved) throws SettingsException {
        SettingsTree t = complete(saved);
        EmbedSettings s = new EmbedSettings(t.optionalString(RoleKeys.SOURCE_COLUMN), t.optionalString(RoleKeys.SOURCE),
                t.string("prefix"), t.integer("batch-size"));
        s.validate();
        return new Saved(s, DeviceKeys.read(t));
    }

    @Override
    public SettingsTree encode(Saved s) {
        SettingsTree t = versioned();
        RoleKeys.putColumn(t, RoleKeys.SOURCE_COLUMN, s.settings().sourceColumn());
        RoleKeys.putColumn(t, RoleKeys.SOURCE, s.settings().fixedSource());
        t.put("prefix", s.settings().columnPrefix());
        t.put("batch-size", s.settings().batchSize());
        DeviceKeys.put(t, s.device());
        return t;
    }
}

package org.cellpaintr.model.archive;

import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.device.DeviceKeys;

/** Saved form of reading a model archive: {@code model} (the file, as {@code cellpaintr embed --model}) and device. */
public final class ModelReaderCodec implements SettingsCodec<ModelReaderCodec.Settings> {

    public static final String MODEL = "model";

    /**
     * @param model  the archive file (empty: not chosen yet)
     * @param device where the loaded model computes
     */
    public record Settings(String model, DeviceChoice device) {
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SettingsTree defaults() {
        return encode(new Settings("", DeviceChoice.cpu()));
    }

    @Override
    public Settings decode(SettingsTree saved) throws SettingsException {
        SettingsTree t = complete(saved);
        String m = t.string(MODEL);
        return new Settings(m == null ? "" : m.strip(), DeviceKeys.read(t));
    }

    @Override
    public SettingsTree encode(Settings s) {
        SettingsTree t = versioned().put(MODEL, s.model());
        DeviceKeys.put(t, s.device());
        return t;
    }
}

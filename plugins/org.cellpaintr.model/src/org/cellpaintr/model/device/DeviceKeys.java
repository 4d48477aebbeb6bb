package org.cellpaintr.model.device;

import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;

/** The {@code device} key (cpu, auto, gpu, gpu:N) shared by every DJL operation's settings. */
public final class DeviceKeys {

    public static final String DEVICE = "device";

    private DeviceKeys() {
    }

    public static DeviceChoice read(SettingsTree t) throws SettingsException {
        try {
            return DeviceChoice.parse(t.string(DEVICE));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(DEVICE, e.getMessage());
        }
    }

    public static void put(SettingsTree t, DeviceChoice d) {
        t.put(DEVICE, d.toString());
    }
}

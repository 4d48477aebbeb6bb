package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.thirdparty.Runtimes;
import org.junit.jupiter.api.Test;

import ai.djl.Device;

/** CPU by default, GPU only when present, and an absent explicit GPU is an error rather than a fallback. */
class DeviceChoiceTest {

    @Test
    void parsesTheDocumentedSpellings() {
        assertEquals(DeviceChoice.cpu(), DeviceChoice.parse("CPU"));
        assertEquals(DeviceChoice.auto(), DeviceChoice.parse(" auto "));
        assertEquals(DeviceChoice.gpu(0), DeviceChoice.parse("gpu"));
        assertEquals(DeviceChoice.gpu(1), DeviceChoice.parse("gpu:1"));
        assertEquals(DeviceChoice.gpu(2), DeviceChoice.parse("cuda:2"));
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("tpu"));
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("gpu:x"));
    }

    @Test
    void resolvesAgainstTheGpusDjlSees() {
        int gpus = Runtimes.pytorch().getGpuCount();
        assertEquals(Device.cpu(), DeviceChoice.cpu().resolve());
        assertEquals(gpus > 0 ? Device.gpu(0) : Device.cpu(), DeviceChoice.auto().resolve());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceChoice.gpu(gpus).resolve());
        assertTrue(e.getMessage().contains("GPU " + gpus + " was requested"), e.getMessage());
    }
}

package org.cellpaintr.engine.tests.correct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cellpaintr.engine.correct.CorrectionCodec;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.junit.jupiter.api.Test;

/** Batch Correct's saved settings carry Harmony's float32 mode and fast preset as the command line's flags do. */
class CorrectionCodecTest {

    private final CorrectionCodec codec = new CorrectionCodec();

    @Test
    void harmonyPrecisionModesSurviveTheSavedForm() throws SettingsException {
        HarmonyOptions base = HarmonyOptions.arevalo();
        for (HarmonyOptions h : new HarmonyOptions[] {base, base.withFloat32(true), base.fast()}) {
            SettingsTree t = codec.encode(CorrectionSettings.harmony("Metadata_Batch", h));
            HarmonyOptions back = codec.decode(t).harmony();
            assertEquals(h.float32(), back.float32());
            assertEquals(h.kmeansInits(), back.kmeansInits());
        }
        assertFalse(codec.decode(codec.defaults()).harmony().float32(), "harmonypy's float64 is the default");
    }

    @Test
    void theFastFlagIsTheFastPreset() throws SettingsException {
        SettingsTree t = new SettingsTree(codec.defaults()).put("fast", true);
        HarmonyOptions h = codec.decode(t).harmony();
        assertTrue(h.float32());
        assertEquals(1, h.kmeansInits());
        assertEquals(HarmonyOptions.arevalo().kmeansInits(), codec.decode(new SettingsTree(codec.defaults())
                .put("float32", true)).harmony().kmeansInits(), "float32 alone keeps the k-means starts");
    }
}

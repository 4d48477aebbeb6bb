package org.cellpaintr.engine.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.junit.jupiter.api.Test;

/** The whole suite on synthetic plates: invariants at the extremes and the aggregate formula. */
class ScoreBatchCorrectionTest {

    static ScoreSettings settings() {
        return ScoreSettings.defaults("batch", "label", "plate", "well", "control", "negcon", null).withNullSize(1000);
    }

    @Test
    void mixedBatchesScoreHighAndSeparatedBatchesLow() throws Exception {
        // 30 compounds x 4 plates x 3 replicates, 2 batches (alternating plates), strong compound signal
        try (ProfileTable mixed = Synthetic.plates(30, 4, 3, 8, 2, 20, 3.0, 0.0, 1.0, 1);
                ProfileTable separated = Synthetic.plates(30, 4, 3, 8, 2, 20, 3.0, 12.0, 1.0, 1);
                ScoreResult m = new ScoreBatchCorrection().execute(settings(), mixed, Progress.NONE);
                ScoreResult s = new ScoreBatchCorrection().execute(settings(), separated, Progress.NONE)) {
            System.out.println("mixed: " + dump(m) + "\nseparated: " + dump(s));
            assertTrue(m.value("iLISI") > 0.8, "mixed iLISI " + m.value("iLISI"));
            assertTrue(s.value("iLISI") < 0.1, "separated iLISI " + s.value("iLISI"));
            assertTrue(m.value("kBET") > 0.8, "mixed kBET " + m.value("kBET"));
            assertTrue(s.value("kBET") < 0.1, "separated kBET " + s.value("kBET"));
            assertTrue(m.value("silhouette batch") > 0.8, "mixed silhouette batch " + m.value("silhouette batch"));
            assertTrue(s.value("silhouette batch") < m.value("silhouette batch"));
            assertTrue(m.value("graph connectivity") > 0.9);
            assertTrue(s.value("graph connectivity") < 0.8, "a label split across two batches: at most 1/2 + ...");
            // biology is clear in both
            assertTrue(m.value("mAP (controls)") > 0.95, "mAP controls " + m.value("mAP (controls)"));
            assertTrue(m.value("mAP (nonrep)") > 0.95);
            // labels of 12 wells inside 90-well LISI neighbourhoods: cLISI is bounded well below 1 (see docs)
            assertTrue(m.value("cLISI") > 0.6, "cLISI " + m.value("cLISI"));
            assertTrue(m.value("Leiden NMI") > 0.8);
            // aggregates exactly as defined
            for (ScoreResult r : new ScoreResult[] {m, s}) {
                double batch = (r.value("graph connectivity") + r.value("silhouette batch") + r.value("kBET")
                        + r.value("iLISI")) / 4;
                double bio = (r.value("cLISI") + r.value("Leiden NMI") + r.value("Leiden ARI")
                        + r.value("silhouette label") + r.value("mAP (controls)") + r.value("mAP (nonrep)")) / 6;
                assertEquals(batch, r.value(ScoreBatchCorrection.AGG_BATCH), 1e-12);
                assertEquals(bio, r.value(ScoreBatchCorrection.AGG_BIO), 1e-12);
                assertEquals(0.4 * batch + 0.6 * bio, r.value(ScoreBatchCorrection.AGG_OVERALL), 1e-12);
            }
            assertEquals(60, m.compounds().rowCount(), "30 compounds x 2 mAP kinds");
        }
    }

    static String dump(ScoreResult r) {
        StringBuilder sb = new StringBuilder();
        for (String k : new String[] {"graph connectivity", "silhouette batch", "kBET", "iLISI", "cLISI", "Leiden NMI",
            "Leiden ARI", "silhouette label", "mAP (controls)", "mAP (nonrep)", "overall"}) {
            sb.append(k).append('=').append(String.format("%.4f", r.value(k))).append("; ");
        }
        return sb.toString();
    }

    @Test
    void identicalReplicatesGiveMapOne() throws Exception {
        // no noise: every replicate equals its compound's vector, so every AP is 1
        try (ProfileTable t = Synthetic.plates(10, 3, 2, 4, 1, 8, 1.0, 0.0, 0.0, 3);
                ScoreResult r = new ScoreBatchCorrection().execute(
                        settings().withMetrics(EnumSet.of(Metric.MAP_CONTROLS, Metric.MAP_NONREP)), t, Progress.NONE)) {
            assertEquals(1.0, r.value("mAP (controls)"), 0.0);
            assertEquals(1.0, r.value("mAP (nonrep)"), 0.0);
            assertTrue(Double.isNaN(r.value("kBET")), "switched off");
        }
    }

    @Test
    void settingsErrorsNameTheSetting() throws Exception {
        try (ProfileTable t = Synthetic.plates(3, 2, 2, 2, 1, 4, 1.0, 0.0, 1.0, 3)) {
            ScoreSettings bad = ScoreSettings.defaults("nope", "label", "plate", "well", "control", "negcon", null);
            SettingsException e = assertThrows(SettingsException.class,
                    () -> new ScoreBatchCorrection().configure(bad, t.schema()));
            assertEquals("batch column", e.setting());
            SettingsException none = assertThrows(SettingsException.class,
                    () -> new ScoreBatchCorrection().configure(settings().withMetrics(EnumSet.noneOf(Metric.class)),
                            t.schema()));
            assertEquals("metrics", none.setting());
        }
    }
}

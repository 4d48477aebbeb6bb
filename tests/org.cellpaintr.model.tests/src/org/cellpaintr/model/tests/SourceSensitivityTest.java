package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.FilterMode;
import org.cellpaintr.model.config.SourcePlacement;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.embed.SourceSensitivity;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageResult;
import org.cellpaintr.model.trainstage.TrainStageSettings;
import org.junit.jupiter.api.Test;

/** The source-sensitivity measure, and where the [SRC] token has to sit for [CLS] to see it. */
class SourceSensitivityTest {

    @Test
    void anEmbeddingThatAddsASourceOffsetHasRatioOne() {
        // e = x + offset(source); both sources have the same mean x, so the gap between the source means is exactly
        // |offset_a - offset_b| and so is the shift of every well on a swap
        float[] offA = {3, 0, 4};
        float[] offB = {0, 0, 0};
        float[][] x = {{1, 1, 1}, {-1, -1, -1}, {2, 0, 0}, {-2, 0, 0}};
        String[] src = {"a", "a", "b", "b"};
        SourceSensitivity.Embedder e = (rows, s) -> {
            float[][] out = new float[rows.length][3];
            for (int i = 0; i < rows.length; i++) {
                float[] off = s[i].equals("a") ? offA : offB;
                for (int j = 0; j < 3; j++) {
                    out[i][j] = rows[i][j] + off[j];
                }
            }
            return out;
        };
        SourceSensitivity.Result r = SourceSensitivity.measure(e, x, src, 100);
        assertEquals(5.0, r.shift(), 1e-9);
        assertEquals(5.0, r.gap(), 1e-9);
        assertEquals(1.0, r.ratio(), 1e-9);
        // an embedding blind to the source: no shift at all
        SourceSensitivity.Result blind = SourceSensitivity.measure((rows, s) -> rows, x, src, 100);
        assertEquals(0.0, blind.shift(), 0);
        // one source: nothing to compare
        assertTrue(Double.isNaN(SourceSensitivity.measure(e, x, new String[] {"a", "a", "a", "a"}, 100).ratio()));
    }

    private static double initialRatio(CellPainTRConfig c, FeatureVocabulary v, float[][] rows, String[] src) {
        List<String> sources = new java.util.ArrayList<>(new java.util.TreeSet<>(List.of(src)));
        try (CellPainTRModel m = CellPainTRModel.create(c, v, sources, 9, DeviceChoice.cpu())) {
            return SourceSensitivity.measure(m, rows, src, 128).ratio();
        }
    }

    @Test
    void theEndPositionOnlyReachesClsThroughThe2024FilterTheOtherPlacementsAlways() throws IOException {
        DahlinPlates d = DahlinPlates.load();
        FeatureVocabulary v = new FeatureVocabulary(d.features);
        int n = 128;
        float[][] rows = new float[n][];
        String[] src = new String[n];
        for (int k = 0; k < n; k++) {
            int i = k * d.rows.size() / n;
            rows[k] = d.rows.get(i);
            src[k] = d.batches.get(i);
        }
        CellPainTRConfig base = CellPainTRConfig.builder().dModel(16).layers(2).mlpWidth(32).filterWidth(8).build();
        Map<String, Double> r = new java.util.LinkedHashMap<>();
        for (SourcePlacement p : SourcePlacement.values()) {
            r.put(p.label(), initialRatio(base.toBuilder().sourcePlacement(p).build(), v, rows, src));
        }
        r.put("end, compat-2024", initialRatio(base.toBuilder().sourcePlacement(SourcePlacement.END)
                .filterMode(FilterMode.COMPAT_2024).build(), v, rows, src));
        System.out.println("source sensitivity at initialisation: " + r);
        // seeded initialisation and fixed wells: deterministic values (measured: end 0.16, the others 1.0-1.1; the
        // gap between the batches' means at initialisation is itself mostly what the source token adds)
        double end = r.get("end");
        assertTrue(r.get("every-token") > 4 * end, r.toString());
        assertTrue(r.get("after-cls") > 4 * end, r.toString());
        assertTrue(r.get("end, compat-2024") > 4 * end, r.toString());
    }

    @Test
    void trainStageLogsTheSensitivityAfterEveryEpoch() throws Exception {
        try (ProfileTable raw = ProfileFiles.read(DahlinPlates.file());
                NormalizeResult norm = new Normalize().execute(NormalizeSettings.authors(List.of("Plate"),
                        "Control Type", List.of("Negative")), raw, Progress.NONE)) {
            TrainerSettings t = TrainerSettings.defaults(Stage.MASKED_MODELLING).withLearningRate(3e-3);
            t = t.withRecipe(t.recipe().withSteps(30));
            TrainStageSettings s = TrainStageSettings.of(t.withEpochs(3), TrainStageTest.BATCH, "Plate", null)
                    .withNewModel(Fixtures.tiny());
            TrainStageResult r = new TrainStage().execute(s, new TrainStage.Input(norm.normalized(), null, null),
                    Progress.NONE);
            try (CellPainTRModel m = r.model(); ProfileTable log = r.log()) {
                int epochs = 0;
                for (int i = 0; i < log.rowCount(); i++) {
                    String v = log.column("source_sensitivity").orElseThrow().text(i);
                    if ("epoch".equals(log.column("kind").orElseThrow().text(i))) {
                        epochs++;
                        double ratio = Double.parseDouble(v);
                        assertTrue(ratio > 0 && Double.isFinite(ratio), "sensitivity " + ratio);
                    } else {
                        assertTrue(log.column("source_sensitivity").orElseThrow().isMissing(i));
                    }
                }
                assertEquals(1, epochs, "30 steps fit in one epoch");
            }
        }
    }
}

package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.intersect.IntersectFeatures;
import org.cellpaintr.engine.intersect.IntersectResult;
import org.cellpaintr.engine.intersect.IntersectSettings;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonParser;

class IntersectFeaturesTest {

    @Test
    void dahlinPlatesAgainstTheCpjump1FeatureList() throws Exception {
        try (ProfileTable dahlin = ProfileFiles.read(TestData.example(TestData.DAHLIN));
                ProfileTable jump = ProfileFiles.read(TestData.example(TestData.CPJUMP1));
                IntersectResult r = new IntersectFeatures().execute(IntersectSettings.defaults(jump.features()), dahlin,
                        Progress.NONE)) {
            assertEquals(346, jump.features().size());
            assertEquals(340, r.exact(), "340 shared names (data README)");
            assertEquals(0, r.renamed());
            assertEquals(6, r.missing());
            assertEquals(12, r.unused());
            assertEquals(jump.features(), r.aligned().features(), "reference order");
            assertEquals(dahlin.metadata().size(), r.aligned().metadata().size(), "metadata kept");
            assertEquals(1948, r.aligned().rowCount());
            for (int i = 0; i < jump.features().size(); i++) {
                String f = jump.features().get(i);
                int src = dahlin.featureIndex(f);
                String rule = r.report().column("rule").orElseThrow().text(i);
                if (src < 0) {
                    assertEquals("missing", rule);
                    for (int row = 0; row < 1948; row += 97) {
                        assertEquals(0f, r.aligned().matrix().get(row, i), "zero padding of " + f);
                    }
                } else {
                    assertEquals("exact", rule);
                    assertEquals(f, r.report().column("matched_column").orElseThrow().text(i));
                    for (int row = 0; row < 1948; row += 97) {
                        assertEquals(dahlin.matrix().get(row, src), r.aligned().matrix().get(row, i), f);
                    }
                }
            }
        }
    }

    @Test
    void cellProfiler3TextureNamesMatchTheCellProfiler4FeatureSpace() throws Exception {
        List<String> cp4 = new ArrayList<>();
        JsonParser.parseString(Files.readString(TestData.example(TestData.JUMP_FEATURE_SPACE))).getAsJsonObject()
                .getAsJsonArray("features").forEach(e -> cp4.add(e.getAsString()));
        try (ProfileTable dahlin = ProfileFiles.read(TestData.example(TestData.DAHLIN));
                IntersectResult r = new IntersectFeatures().execute(IntersectSettings.defaults(cp4), dahlin,
                        Progress.NONE);
                IntersectResult exact = new IntersectFeatures().execute(new IntersectSettings(cp4, false, false, 1),
                        dahlin, Progress.NONE)) {
            assertEquals(211, exact.exact(), "names identical in both CellProfiler versions");
            // independent expectation: CellProfiler 3 texture names ..._<scale>_<angle> become ..._<scale>_0<angle>_256
            java.util.Set<String> cp4Set = new java.util.HashSet<>(cp4);
            long expectedRenamed = dahlin.features().stream().filter(f -> !cp4Set.contains(f))
                    .map(f -> f.replaceAll("(_Texture_.*_\\d+)_(\\d)$", "$1_0$2_256")).filter(cp4Set::contains).count();
            assertTrue(expectedRenamed > 50);
            assertEquals(expectedRenamed, r.renamed(), "texture names matched through the version rule");
            int i = cp4.indexOf("Cells_Texture_AngularSecondMoment_AGP_5_00_256");
            assertEquals("Cells_Texture_AngularSecondMoment_AGP_5_0",
                    r.report().column("matched_column").orElseThrow().text(i));
            assertEquals("cellprofiler_version", r.report().column("rule").orElseThrow().text(i));
            int src = dahlin.featureIndex("Cells_Texture_AngularSecondMoment_AGP_5_0");
            assertEquals(dahlin.matrix().get(5, src), r.aligned().matrix().get(5, i));
            assertEquals(cp4.size(), r.exact() + r.renamed() + r.missing());
        }
    }

    @Test
    void caseAndUnderscoreRuleAndCollisions() throws Exception {
        try (ProfileTable t = TestData.table(new String[] {"p"}, null, new String[] {"Cells_areashape_Area", "Nuclei_X"},
                new float[][] {{3}, {4}})) {
            IntersectResult r = new IntersectFeatures().execute(
                    IntersectSettings.defaults(List.of("Nuclei_Y", "Cells_AreaShape_Area")), t, Progress.NONE);
            assertEquals(List.of("Nuclei_Y", "Cells_AreaShape_Area"), r.aligned().features());
            assertEquals("case_and_underscores", r.report().column("rule").orElseThrow().text(1));
            assertEquals(3f, r.aligned().matrix().get(0, 1));
            assertEquals(0f, r.aligned().matrix().get(0, 0));
            r.close();
        }
        try (ProfileTable t = TestData.table(new String[] {"p"}, null, new String[] {"Cells_Area_Shape", "Cells_AreaShape"},
                new float[][] {{3}, {4}})) {
            SettingsException e = assertThrows(SettingsException.class, () -> new IntersectFeatures()
                    .configure(IntersectSettings.defaults(List.of("cells_areashape")), t.schema()));
            assertTrue(e.getMessage().contains("'Cells_Area_Shape' and 'Cells_AreaShape' both match"), e.getMessage());
        }
    }

    @Test
    void refusesWhenTooFewMatchOrMissingIsNotAllowed() throws Exception {
        try (ProfileTable t = TestData.table(new String[] {"p"}, null, new String[] {"Cells_A"}, new float[][] {{1}})) {
            assertTrue(assertThrows(SettingsException.class, () -> new IntersectFeatures().configure(
                    new IntersectSettings(List.of("Cells_B", "Cells_C"), true, false, 1), t.schema())).getMessage()
                    .contains("only 0 of 2"));
            assertTrue(assertThrows(SettingsException.class, () -> new IntersectFeatures().configure(
                    new IntersectSettings(List.of("Cells_A", "Cells_C"), true, true, 1), t.schema())).getMessage()
                    .contains("Cells_C"));
        }
    }
}

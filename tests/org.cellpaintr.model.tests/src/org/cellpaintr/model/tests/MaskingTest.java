package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.cellpaintr.model.config.MaskingMode;
import org.cellpaintr.model.masking.FeatureGroups;
import org.cellpaintr.model.masking.FeatureMasker;
import org.cellpaintr.model.masking.MaskSample;
import org.junit.jupiter.api.Test;

/** Channel-wise and per-feature masks: groups from CellProfiler names, zeros never masked, ratio range. */
class MaskingTest {

    @Test
    void groupsComeFromCompartmentAndChannelTokens() {
        assertEquals("Cells:-", FeatureGroups.groupKey("Cells_AreaShape_Area"));
        assertEquals("Cells:AGP", FeatureGroups.groupKey("Cells_Texture_Correlation_AGP_10_0"));
        assertEquals("Nuclei:DNA+ER", FeatureGroups.groupKey("Nuclei_Correlation_Correlation_DNA_ER"));
        assertEquals("Cytoplasm:ER", FeatureGroups.groupKey("Cytoplasm_Intensity_MeanIntensityEdge_ER"));
        assertEquals("Cells:DNA", FeatureGroups.groupKey("Cells_Intensity_MeanIntensity_OrigDNA"));
        assertEquals("Nuclei:Mito+RNA", FeatureGroups.groupKey("Nuclei_Correlation_K_RNA_Mito"));
        assertEquals("other:-", FeatureGroups.groupKey("Image_Count_Cells"));
        FeatureGroups g = FeatureGroups.fromCellProfilerNames(List.of("Cells_A_DNA", "Nuclei_B_DNA", "Cells_C_DNA"));
        assertEquals(2, g.size());
        assertEquals(g.groupOf(0), g.groupOf(2));
        assertTrue(g.groupOf(0) != g.groupOf(1));
    }

    @Test
    void channelWiseMasksWholeGroupsAndNeverZeros() {
        List<String> names = Fixtures.vocabulary(60).names();
        FeatureGroups groups = FeatureGroups.fromCellProfilerNames(names);
        FeatureMasker masker = new FeatureMasker(groups, MaskingMode.CHANNEL_WISE, 0.05, 0.40);
        int rows = 40;
        float[] values = Fixtures.gaussian(rows * 60, 3);
        for (int i = 0; i < values.length; i += 5) {
            values[i] = 0f; // zero padding
        }
        SplittableRandom rng = new SplittableRandom(8);
        int groupsMasked = 0;
        for (int rep = 0; rep < 20; rep++) {
            MaskSample s = masker.sample(values, rows, rng);
            assertTrue(s.ratio() >= 0.05 && s.ratio() < 0.40);
            int count = 0;
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < groups.size(); g++) {
                    Boolean state = null;
                    for (int f = 0; f < 60; f++) {
                        int i = r * 60 + f;
                        if (groups.groupOf(f) != g || values[i] == 0f) {
                            continue;
                        }
                        if (state == null) {
                            state = s.masked()[i];
                            groupsMasked += state ? 1 : 0;
                        }
                        assertEquals(state, s.masked()[i], "row " + r + " group " + groups.names().get(g)
                                + " is split");
                    }
                }
                for (int f = 0; f < 60; f++) {
                    int i = r * 60 + f;
                    assertFalse(values[i] == 0f && s.masked()[i], "a zero value was masked");
                    count += s.masked()[i] ? 1 : 0;
                }
            }
            assertEquals(count, s.maskedCount());
        }
        assertTrue(groupsMasked > 0);
    }

    @Test
    void perFeatureMaskingHasTheDrawnRatio() {
        int rows = 64;
        int f = 500;
        FeatureMasker masker = new FeatureMasker(FeatureGroups.singletons(f), MaskingMode.PER_FEATURE, 0.05, 0.40);
        float[] values = Fixtures.gaussian(rows * f, 4);
        MaskSample s = masker.sample(values, rows, new SplittableRandom(1));
        double observed = s.maskedCount() / (double) (rows * f);
        // binomial standard deviation at n = 32,000 is below 0.003
        assertEquals(s.ratio(), observed, 0.015);
    }

    @Test
    void sameSeedGivesTheSameMask() {
        FeatureMasker masker = new FeatureMasker(FeatureGroups.fromCellProfilerNames(Fixtures.vocabulary(30).names()),
                MaskingMode.CHANNEL_WISE, 0.05, 0.40);
        float[] values = Fixtures.gaussian(8 * 30, 1);
        MaskSample a = masker.sample(values, 8, new SplittableRandom(77));
        MaskSample b = masker.sample(values, 8, new SplittableRandom(77));
        assertTrue(java.util.Arrays.equals(a.masked(), b.masked()));
    }
}

package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.cellpaintr.model.loss.LossWeights;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainer.TrainingRecipe;
import org.cellpaintr.model.trainer.TrainingRecipe.Schedule;
import org.cellpaintr.model.trainer.TrainingRecipe.ZeroPadding;
import org.junit.jupiter.api.Test;

/** The recipe's pieces against hand-computed values: schedule, zero padding, relative MSE, presets. */
class TrainingRecipeTest {

    @Test
    void warmupIsLinearAndCosineEndsAtTheFinalFraction() {
        Schedule s = new Schedule(100, 0.1, 0.2);
        // 10 warm-up steps: step k of 10 -> k/10
        assertEquals(0.1, s.factor(1, 100), 1e-12);
        assertEquals(0.5, s.factor(5, 100), 1e-12);
        assertEquals(1.0, s.factor(10, 100), 1e-12);
        // cosine over steps 11..100: starts at 1, ends at 0.2, halfway (step 55.5) at (1 + 0.2) / 2
        assertEquals(1.0, s.factor(11, 100), 1e-12);
        assertEquals(0.2, s.factor(100, 100), 1e-12);
        double mid = 0.2 + 0.8 * 0.5 * (1 + Math.cos(Math.PI * 44 / 89.0));
        assertEquals(mid, s.factor(55, 100), 1e-12);
        for (long k = 11; k < 100; k++) {
            assertTrue(s.factor(k + 1, 100) <= s.factor(k, 100), "monotone decay at " + k);
        }
        // the authors' constant schedule
        for (long k = 1; k <= 50; k++) {
            assertEquals(1.0, Schedule.constant().factor(k, 50));
        }
    }

    @Test
    void sourceDropoutReplacesRowsWithTheGivenProbabilityUnderASeed() {
        TrainingRecipe r = TrainingRecipe.standard(Stage.INTER_SOURCE).withSourceDropout(0.3);
        int n = 10_000;
        int[] src = new int[n];
        for (int i = 0; i < n; i++) {
            src[i] = i % 3;
        }
        int[] before = src.clone();
        int replaced = r.dropSources(src, 7, new SplittableRandom(21));
        int counted = 0;
        for (int i = 0; i < n; i++) {
            if (src[i] == 7) {
                counted++;
            } else {
                assertEquals(before[i], src[i], "a kept row keeps its own source");
            }
        }
        assertEquals(replaced, counted);
        // Binomial(10000, 0.3): mean 3000, sd 45.8; 4 sd either side
        assertTrue(Math.abs(replaced - 3000) < 4 * Math.sqrt(n * 0.3 * 0.7), "replaced " + replaced);
        int[] again = before.clone();
        r.dropSources(again, 7, new SplittableRandom(21));
        assertTrue(java.util.Arrays.equals(src, again), "the same seed drops the same rows");
        int[] untouched = before.clone();
        assertEquals(0, r.withSourceDropout(0).dropSources(untouched, 7, new SplittableRandom(21)));
        assertTrue(java.util.Arrays.equals(before, untouched));
        assertThrows(IllegalArgumentException.class, () -> r.withSourceDropout(1));
        assertEquals("0.3", r.asMap().get("sourceDropout"));
        assertTrue(!TrainingRecipe.standard(Stage.MASKED_MODELLING).asMap().containsKey("sourceDropout"),
                "absent when off, so records from before the setting still match");
        assertEquals(0.5, TrainingRecipe.standard(Stage.INTRA_SOURCE).sourceDropout(), "the measured default");
        assertEquals(0, TrainingRecipe.authors().sourceDropout());
    }

    @Test
    void zeroPaddingZeroesTheDrawnShareOfDistinctFeaturesPerRow() {
        int rows = 200;
        int f = 40;
        float[] v = new float[rows * f];
        java.util.Arrays.fill(v, 3f);
        int zeroed = new ZeroPadding(1, 0.25, 0.25).apply(v, rows, new SplittableRandom(7));
        assertEquals(rows * 10, zeroed);
        Set<Integer> seen = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            int z = 0;
            for (int i = 0; i < f; i++) {
                if (v[r * f + i] == 0f) {
                    z++;
                    seen.add(i);
                } else {
                    assertEquals(3f, v[r * f + i]);
                }
            }
            assertEquals(10, z, "row " + r);
        }
        assertEquals(f, seen.size(), "every feature can be padded");

        // probability 0.5 and shares U[0.1, 0.5]: about half the rows padded, on average 30% of their features
        float[] w = new float[2000 * f];
        java.util.Arrays.fill(w, 1f);
        new ZeroPadding(0.5, 0.1, 0.5).apply(w, 2000, new SplittableRandom(8));
        int padded = 0;
        long zeros = 0;
        for (int r = 0; r < 2000; r++) {
            int z = 0;
            for (int i = 0; i < f; i++) {
                z += w[r * f + i] == 0f ? 1 : 0;
            }
            if (z > 0) {
                padded++;
                zeros += z;
                assertTrue(z >= 4 && z <= 20, "share within [0.1, 0.5]: " + z);
            }
        }
        assertEquals(1000, padded, 80);
        assertEquals(0.3, zeros / (double) padded / f, 0.02);

        float[] untouched = {1, 2, 3, 4};
        assertEquals(0, ZeroPadding.off().apply(untouched, 1, new SplittableRandom(1)));
        assertEquals(4f, untouched[3]);
        assertThrows(IllegalArgumentException.class, () -> new ZeroPadding(0.5, 0.6, 0.4));
    }

    @Test
    void maskedTargetVarianceIsThePopulationVarianceOfTheMaskedValues() {
        float[] values = {1, 2, 3, 4, 100, -7};
        boolean[] masked = {true, true, true, true, false, false};
        // mean 2.5, deviations ±0.5, ±1.5 -> (0.25 + 2.25) * 2 / 4 = 1.25
        assertEquals(1.25, LossWeights.maskedTargetVariance(values, masked), 1e-12);
        assertEquals(1.0, LossWeights.maskedTargetVariance(values, new boolean[6]), 0, "no target: neutral 1");
    }

    @Test
    void authorsPresetIsTheOldBehaviourAndDefaultsUseTheStandardRecipe() {
        for (Stage s : Stage.values()) {
            TrainerSettings a = TrainerSettings.authors(s);
            assertEquals(TrainingRecipe.authors(), a.recipe());
            assertEquals(1.0, a.recipe().schedule().factor(1, 10));
            assertEquals(0, a.recipe().schedule().steps());
            assertTrue(Double.isNaN(a.recipe().loss().temperature()), "the model's temperature");
            assertEquals(null, a.recipe().sampling());
            assertTrue(!a.recipe().zeroPadding().active());
            TrainerSettings d = TrainerSettings.defaults(s);
            assertEquals(TrainingRecipe.standard(s), d.recipe());
            assertEquals(s.contrastive(), d.recipe().sampling() != null, "balanced sampling in stages 2-3");
            assertEquals(s.contrastive(), d.recipe().zeroPadding().active(), "zero padding in stages 2-3");
            assertTrue(d.recipe().loss().mseRelative());
            // everything else as the authors'
            assertEquals(a.withRecipe(d.recipe()), d);
        }
        assertEquals("authors", TrainerSettings.authors(Stage.INTRA_SOURCE).asMap().get("recipe"));
        assertEquals("balanced 8 x 4 + 8", TrainerSettings.defaults(Stage.INTRA_SOURCE).asMap().get("sampling"));
    }
}

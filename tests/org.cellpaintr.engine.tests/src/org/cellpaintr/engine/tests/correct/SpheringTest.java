package org.cellpaintr.engine.tests.correct;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.HarmonyOptions;
import org.cellpaintr.engine.correct.SpheringVariant;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.junit.jupiter.api.Test;

class SpheringTest {

    @Test
    void zcaOfAnAxisAlignedCaseWorkedByHand() throws Exception {
        // controls (2,1), (-2,-1), (2,-1), (-2,1): mean 0, X^T X = diag(16, 4), n - 1 = 3, so the singular values
        // are 4 and 2 and W = diag(sqrt(3)/4, sqrt(3)/2): (2, 1) -> (sqrt(3)/2, sqrt(3)/2)
        double[][] x = {{2, 1}, {-2, -1}, {2, -1}, {-2, 1}, {4, 4}};
        String[] ctl = {"neg", "neg", "neg", "neg", "trt"};
        try (ProfileTable t = CombatTest.table(x, ctl, null);
                ProfileTable out = new CorrectBatchEffects().execute(
                        CorrectionSettings.sphering("batch", "neg", SpheringVariant.ZCA, 0), t, Progress.NONE)) {
            double h = Math.sqrt(3) / 2;
            assertEquals(h, out.matrix().get(0, 0), 1e-6);
            assertEquals(h, out.matrix().get(0, 1), 1e-6);
            assertEquals(4 * Math.sqrt(3) / 4, out.matrix().get(4, 0), 1e-6);
            assertEquals(4 * Math.sqrt(3) / 2, out.matrix().get(4, 1), 1e-6);
        }
    }

    @Test
    void zcaCorWhitensTheControls() throws Exception {
        Random r = new Random(11);
        int n = 300;
        int d = 6;
        double[][] x = new double[n][d];
        String[] ctl = new String[n];
        for (int i = 0; i < n; i++) {
            ctl[i] = i < 200 ? "neg" : "trt";
            double common = r.nextGaussian();
            for (int j = 0; j < d; j++) {
                x[i][j] = 5 + (j + 1) * (common + 0.5 * r.nextGaussian()) + (i >= 200 ? 2 : 0);
            }
        }
        try (ProfileTable t = CombatTest.table(x, ctl, null);
                ProfileTable out = new CorrectBatchEffects().execute(
                        CorrectionSettings.sphering("batch", "neg", SpheringVariant.ZCA_COR, 0), t, Progress.NONE)) {
            // covariance (ddof 1) of the transformed controls is the identity
            double[] mean = new double[d];
            for (int i = 0; i < 200; i++) {
                for (int j = 0; j < d; j++) {
                    mean[j] += out.matrix().get(i, j) / 200;
                }
            }
            for (int a = 0; a < d; a++) {
                assertEquals(0.0, mean[a], 1e-4);
                for (int b = 0; b < d; b++) {
                    double c = 0;
                    for (int i = 0; i < 200; i++) {
                        c += (out.matrix().get(i, a) - mean[a]) * (out.matrix().get(i, b) - mean[b]);
                    }
                    assertEquals(a == b ? 1.0 : 0.0, c / 199, 1e-3, "cov(" + a + "," + b + ")");
                }
            }
        }
    }

    @Test
    void harmonyOnPrincipalComponentsOutputsThem() throws Exception {
        Random r = new Random(2);
        int n = 240;
        double[][] x = new double[n][8];
        String[] batch = new String[n];
        for (int i = 0; i < n; i++) {
            batch[i] = "b" + (i % 3);
            for (int j = 0; j < 8; j++) {
                x[i][j] = (i % 3) * (j == 0 ? 2 : 0) + r.nextGaussian();
            }
        }
        try (ProfileTable t = CombatTest.table(x, batch, null);
                ProfileTable out = new CorrectBatchEffects().execute(CorrectionSettings.harmony("batch",
                        HarmonyOptions.defaults().withPrincipalComponents(4)), t, Progress.NONE)) {
            assertEquals(java.util.List.of("PC1", "PC2", "PC3", "PC4"), out.features());
            assertEquals(n, out.rowCount());
        }
    }
}

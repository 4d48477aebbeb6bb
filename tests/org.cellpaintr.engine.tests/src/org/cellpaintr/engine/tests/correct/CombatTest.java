package org.cellpaintr.engine.tests.correct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.table.TextColumn;
import org.junit.jupiter.api.Test;

class CombatTest {

    static ProfileTable table(double[][] x, String[] batch, String[] cov) {
        FeatureMatrix.Builder b = FeatureMatrix.builder(x[0].length);
        for (double[] r : x) {
            float[] f = new float[r.length];
            for (int j = 0; j < r.length; j++) {
                f[j] = (float) r[j];
            }
            b.appendRow(f);
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < x[0].length; j++) {
            names.add("f" + j);
        }
        List<MetadataColumn> cols = new ArrayList<>();
        cols.add(TextColumn.of("batch", batch));
        if (cov != null) {
            cols.add(TextColumn.of("cov", cov));
        }
        return new ProfileTable(cols, names, b.build());
    }

    @Test
    void everyBatchHasTheSameLocationAndScaleAfterCorrection() throws Exception {
        Random r = new Random(7);
        int batches = 3;
        int per = 100;
        int p = 40;
        double[][] x = new double[batches * per][p];
        String[] batch = new String[batches * per];
        double[][] shift = new double[batches][p];
        double[][] scale = new double[batches][p];
        // batch effects as ComBat models them: per batch, locations scattered around a batch-wide shift and scales
        // around a batch-wide factor (the empirical Bayes priors pool exactly these)
        double[] batchScale = {1.0, 1.8, 0.6};
        for (int b = 0; b < batches; b++) {
            for (int j = 0; j < p; j++) {
                shift[b][j] = 2 * b + r.nextGaussian();
                scale[b][j] = batchScale[b] * (1 + 0.05 * r.nextGaussian());
            }
        }
        for (int i = 0; i < x.length; i++) {
            int b = i / per;
            batch[i] = "b" + b;
            for (int j = 0; j < p; j++) {
                x[i][j] = 10 + j + shift[b][j] + scale[b][j] * r.nextGaussian();
            }
        }
        try (ProfileTable t = table(x, batch, null);
                ProfileTable out = new CorrectBatchEffects().execute(CorrectionSettings.combat("batch", List.of(), true),
                        t, Progress.NONE)) {
            double[] locationGap = new double[batches];
            double[] scaleRatio = new double[batches];
            for (int j = 0; j < p; j++) {
                double[] mean = new double[batches];
                double[] sd = new double[batches];
                for (int b = 0; b < batches; b++) {
                    double s = 0;
                    double ss = 0;
                    for (int i = b * per; i < (b + 1) * per; i++) {
                        double v = out.matrix().get(i, j);
                        s += v;
                        ss += v * v;
                    }
                    mean[b] = s / per;
                    sd[b] = Math.sqrt((ss - per * mean[b] * mean[b]) / (per - 1));
                }
                for (int b = 1; b < batches; b++) {
                    // per feature, each batch keeps its sampling noise (about 7% in a standard deviation of 100 wells)
                    assertEquals(mean[0], mean[b], 0.15 * sd[0], "feature " + j + " batch " + b + " location");
                    assertEquals(1.0, sd[b] / sd[0], 0.2, "feature " + j + " batch " + b + " scale");
                    locationGap[b] += (mean[b] - mean[0]) / sd[0] / p;
                    scaleRatio[b] += sd[b] / sd[0] / p;
                }
            }
            for (int b = 1; b < batches; b++) {
                // before: batch-wide shifts of 2 and 4 and scales 1.8 and 0.6 relative to batch 0
                assertEquals(0.0, locationGap[b], 0.02, "batch " + b + " location, averaged over features");
                assertEquals(1.0, scaleRatio[b], 0.02, "batch " + b + " scale, averaged over features");
            }
        }
    }

    /** The published formulas (Johnson, Li & Rabinovic 2007; scanpy's variant), written out for a small case. */
    static double[][] combatByTheFormulas(double[][] x, int[] batch, int batches, boolean parametric) {
        int n = x.length;
        int p = x[0].length;
        int[] nb = new int[batches];
        for (int b : batch) {
            nb[b]++;
        }
        // no covariates: B_hat rows are the batch means; grand mean = sum_b n_b/n * batch mean = overall mean
        double[][] bm = new double[batches][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                bm[batch[i]][j] += x[i][j] / nb[batch[i]];
            }
        }
        double[] grand = new double[p];
        double[] vp = new double[p];
        for (int j = 0; j < p; j++) {
            for (int b = 0; b < batches; b++) {
                grand[j] += (double) nb[b] / n * bm[b][j];
            }
            for (int i = 0; i < n; i++) {
                vp[j] += Math.pow(x[i][j] - bm[batch[i]][j], 2) / n;
            }
        }
        double[][] s = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                s[i][j] = (x[i][j] - grand[j]) / Math.sqrt(vp[j]);
            }
        }
        double[][] gs = new double[batches][p];
        double[][] ds = new double[batches][p];
        for (int b = 0; b < batches; b++) {
            double[] gh = new double[p];
            double[] dh = new double[p];
            for (int j = 0; j < p; j++) {
                for (int i = 0; i < n; i++) {
                    if (batch[i] == b) {
                        gh[j] += s[i][j] / nb[b];
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (batch[i] == b) {
                        dh[j] += Math.pow(s[i][j] - gh[j], 2) / (nb[b] - 1);
                    }
                }
            }
            if (parametric) {
                double gbar = mean(gh);
                double t2 = variance(gh, 0);
                double m = mean(dh);
                double v = variance(dh, 1);
                double a = (2 * v + m * m) / v;
                double bb = (m * v + m * m * m) / v;
                double[] g = gh.clone();
                double[] d = dh.clone();
                for (int it = 0; it < 100000; it++) {
                    double change = 0;
                    for (int j = 0; j < p; j++) {
                        double gn = (t2 * nb[b] * gh[j] + d[j] * gbar) / (t2 * nb[b] + d[j]);
                        double sum2 = 0;
                        for (int i = 0; i < n; i++) {
                            if (batch[i] == b) {
                                sum2 += Math.pow(s[i][j] - gn, 2);
                            }
                        }
                        double dn = (0.5 * sum2 + bb) / (nb[b] / 2.0 + a - 1);
                        change = Math.max(change, Math.max(Math.abs(gn - g[j]) / g[j], Math.abs(dn - d[j]) / d[j]));
                        g[j] = gn;
                        d[j] = dn;
                    }
                    if (change <= 1e-4) {
                        break;
                    }
                }
                gs[b] = g;
                ds[b] = d;
            } else {
                for (int j = 0; j < p; j++) {
                    double w = 0;
                    double g = 0;
                    double d = 0;
                    for (int o = 0; o < p; o++) {
                        if (o == j) {
                            continue;
                        }
                        double sum2 = 0;
                        for (int i = 0; i < n; i++) {
                            if (batch[i] == b) {
                                sum2 += Math.pow(s[i][j] - gh[o], 2);
                            }
                        }
                        double lh = Math.pow(2 * Math.PI * dh[o], -nb[b] / 2.0) * Math.exp(-sum2 / (2 * dh[o]));
                        w += lh;
                        g += gh[o] * lh;
                        d += dh[o] * lh;
                    }
                    gs[b][j] = g / w;
                    ds[b][j] = d / w;
                }
            }
        }
        double[][] out = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                int b = batch[i];
                out[i][j] = (s[i][j] - gs[b][j]) / Math.sqrt(ds[b][j]) * Math.sqrt(vp[j]) + grand[j];
            }
        }
        return out;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double variance(double[] v, int ddof) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - ddof);
    }

    @Test
    void smallCaseAgreesWithThePublishedFormulas() throws Exception {
        double[][] x = {
            {1.0, 10.0, 5.0, 0.3}, {1.5, 11.0, 4.0, 0.1}, {0.5, 9.5, 6.5, 0.4}, {1.2, 10.4, 5.1, 0.2},
            {3.0, 14.0, 5.5, 1.1}, {4.1, 13.0, 6.0, 0.9}, {2.8, 15.5, 7.0, 1.6}, {3.6, 14.2, 4.9, 1.0},
            {3.3, 12.9, 6.1, 1.4}};
        int[] batch = {0, 0, 0, 0, 1, 1, 1, 1, 1};
        String[] names = {"A", "A", "A", "A", "B", "B", "B", "B", "B"};
        for (boolean parametric : new boolean[] {true, false}) {
            double[][] ref = combatByTheFormulas(x, batch, 2, parametric);
            try (ProfileTable t = table(x, names, null);
                    ProfileTable out = new CorrectBatchEffects().execute(
                            CorrectionSettings.combat("batch", List.of(), parametric), t, Progress.NONE)) {
                for (int i = 0; i < x.length; i++) {
                    for (int j = 0; j < x[0].length; j++) {
                        assertEquals(ref[i][j], out.matrix().get(i, j), 2e-5 * Math.max(1, Math.abs(ref[i][j])),
                                (parametric ? "parametric" : "non-parametric") + " row " + i + " feature " + j);
                    }
                }
            }
        }
    }

    @Test
    void protectedCovariateKeepsItsEffect() throws Exception {
        // the covariate (treated vs control) is unbalanced across batches; with it protected, the treated-control
        // difference of feature 0 survives the correction in both batches
        Random r = new Random(3);
        int n = 120;
        double[][] x = new double[n][5];
        String[] batch = new String[n];
        String[] cov = new String[n];
        for (int i = 0; i < n; i++) {
            int b = i < 60 ? 0 : 1;
            boolean treated = b == 0 ? i % 4 == 0 : i % 2 == 0;
            batch[i] = "b" + b;
            cov[i] = treated ? "treated" : "control";
            for (int j = 0; j < 5; j++) {
                x[i][j] = (b == 1 ? 4 : 0) + (treated && j == 0 ? 3 : 0) + 0.5 * r.nextGaussian();
            }
        }
        try (ProfileTable t = table(x, batch, cov);
                ProfileTable out = new CorrectBatchEffects().execute(
                        CorrectionSettings.combat("batch", List.of("cov"), true), t, Progress.NONE)) {
            double[] diff = new double[2];
            for (int b = 0; b < 2; b++) {
                double st = 0;
                double sc = 0;
                int nt = 0;
                int nc = 0;
                for (int i = b * 60; i < (b + 1) * 60; i++) {
                    if (cov[i].equals("treated")) {
                        st += out.matrix().get(i, 0);
                        nt++;
                    } else {
                        sc += out.matrix().get(i, 0);
                        nc++;
                    }
                }
                diff[b] = st / nt - sc / nc;
            }
            assertEquals(3.0, diff[0], 0.4);
            assertEquals(3.0, diff[1], 0.4);
        }
    }

    @Test
    void badSettingsNameTheSetting() throws Exception {
        try (ProfileTable t = table(new double[][] {{1, 2}, {2, 3}, {3, 4}}, new String[] {"a", "a", "b"}, null)) {
            SettingsException e = assertThrows(SettingsException.class, () -> new CorrectBatchEffects()
                    .configure(CorrectionSettings.combat("missing", List.of(), true), t.schema()));
            assertEquals("batch column", e.setting());
            SettingsException single = assertThrows(SettingsException.class, () -> new CorrectBatchEffects()
                    .execute(CorrectionSettings.combat("batch", List.of(), true), t, Progress.NONE));
            assertTrue(single.getMessage().contains("at least 2"), single.getMessage());
        }
    }
}

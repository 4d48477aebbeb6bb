package org.cellpaintr.engine.correct;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;

/**
 * ComBat (Johnson, Li &amp; Rabinovic 2007) as scanpy's {@code pp.combat} computes it (Arevalo et al.'s ComBat),
 * with sva's non-parametric prior as an option. Streams the matrix row by row: memory O(features x design).
 *
 * <ol>
 * <li>Design D = [batch indicators | covariates] (text covariates: one indicator per level but the first in
 * sorted order, as patsy codes them; numbers as they are). B = (D^T D)^-1 D^T X.</li>
 * <li>Grand mean = sum_b (n_b / n) B_batch_b; pooled variance = mean over all wells of (x - D B)^2 (divided by n);
 * standardisation s = (x - grand mean - covariates B_cov) / sqrt(pooled variance).</li>
 * <li>Per batch: gamma_hat = mean of s, delta_hat = variance of s (ddof 1). Priors per batch over features:
 * gamma_bar = mean of gamma_hat, tau^2 = variance of gamma_hat (ddof 0, as scanpy; sva uses ddof 1),
 * inverse-gamma a = (2 s2 + m^2)/s2, b = (m s2 + m^3)/s2 from the mean m and variance s2 (ddof 1) of delta_hat.</li>
 * <li>Parametric: iterate gamma* = (n tau^2 gamma_hat + delta* gamma_bar)/(n tau^2 + delta*),
 * delta* = (sum (s - gamma*)^2 / 2 + b)/(n/2 + a - 1) until the largest relative change (|new - old| / old, as
 * scanpy and sva write it) is at most 1e-4. Non-parametric (sva's int.eprior): for each feature, the posterior
 * means of gamma and delta over the other features' (gamma_hat, delta_hat) weighted by the normal likelihood of
 * this feature's batch data, computed in log space.</li>
 * <li>Adjusted = (s - gamma*) / sqrt(delta*) x sqrt(pooled variance) + grand mean + covariates B_cov.</li>
 * </ol>
 * Features with zero pooled variance are returned unchanged and left out of the priors.
 */
final class Combat {

    static final double CONVERGENCE = 1e-4;
    static final int MAX_ITERATIONS = 100_000;

    private Combat() {
    }

    /**
     * @param batch batch code per row (0..batches-1)
     * @param covariates design columns for the covariates, covariates[c][row] (may be empty)
     */
    static FeatureMatrix correct(FeatureMatrix x, int[] batch, int batches, double[][] covariates, boolean parametric,
            Progress progress) throws CanceledException {
        int n = x.rows();
        int p = x.columns();
        int c = covariates.length;
        int q = batches + c;
        int[] nb = new int[batches];
        for (int b : batch) {
            nb[b]++;
        }
        for (int b = 0; b < batches; b++) {
            if (nb[b] < 2) {
                throw new IllegalArgumentException("batch " + b + " has " + nb[b] + " well(s); ComBat needs at least 2"
                        + " per batch to estimate its variance");
            }
        }
        float[] row = new float[p];
        double[] design = new double[q];
        // pass 1: normal equations
        double[][] dtd = new double[q][q];
        double[][] dtx = new double[q][p];
        for (int i = 0; i < n; i++) {
            x.readRow(i, row, 0);
            fillDesign(design, batch[i], covariates, i, batches);
            for (int a = 0; a < q; a++) {
                if (design[a] == 0) {
                    continue;
                }
                for (int b2 = 0; b2 < q; b2++) {
                    dtd[a][b2] += design[a] * design[b2];
                }
                for (int j = 0; j < p; j++) {
                    dtx[a][j] += design[a] * row[j];
                }
            }
        }
        double[][] bHat;
        try {
            bHat = LinearAlgebra.solve(dtd, dtx);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the covariates are confounded with the batches (design matrix is"
                    + " singular)");
        }
        double[] grand = new double[p];
        for (int b = 0; b < batches; b++) {
            for (int j = 0; j < p; j++) {
                grand[j] += (double) nb[b] / n * bHat[b][j];
            }
        }
        progress.checkCanceled();
        // pass 2: pooled variance
        double[] vp = new double[p];
        for (int i = 0; i < n; i++) {
            x.readRow(i, row, 0);
            fillDesign(design, batch[i], covariates, i, batches);
            for (int j = 0; j < p; j++) {
                double fit = 0;
                for (int a = 0; a < q; a++) {
                    fit += design[a] * bHat[a][j];
                }
                double r = row[j] - fit;
                vp[j] += r * r;
            }
        }
        boolean[] flat = new boolean[p];
        for (int j = 0; j < p; j++) {
            vp[j] /= n;
            flat[j] = vp[j] == 0;
        }
        progress.report(0.3, "ComBat: batch statistics");
        // pass 3: per-batch sums of the standardised data
        double[][] s1 = new double[batches][p];
        double[][] s2 = new double[batches][p];
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
            sd[j] = Math.sqrt(vp[j]);
        }
        double[] mean = new double[p];
        for (int i = 0; i < n; i++) {
            x.readRow(i, row, 0);
            standMean(mean, grand, bHat, covariates, i, batches);
            int b = batch[i];
            for (int j = 0; j < p; j++) {
                if (flat[j]) {
                    continue;
                }
                double s = (row[j] - mean[j]) / sd[j];
                s1[b][j] += s;
                s2[b][j] += s * s;
            }
        }
        double[][] gStar = new double[batches][p];
        double[][] dStar = new double[batches][p];
        for (int b = 0; b < batches; b++) {
            double[] gHat = new double[p];
            double[] dHat = new double[p];
            for (int j = 0; j < p; j++) {
                gHat[j] = s1[b][j] / nb[b];
                dHat[j] = (s2[b][j] - nb[b] * gHat[j] * gHat[j]) / (nb[b] - 1);
            }
            if (parametric) {
                parametric(gHat, dHat, s1[b], s2[b], nb[b], flat, gStar[b], dStar[b]);
            } else {
                nonParametric(gHat, dHat, s1[b], s2[b], nb[b], flat, gStar[b], dStar[b]);
            }
            progress.checkCanceled();
        }
        progress.report(0.7, "ComBat: adjusting");
        // pass 4: adjust
        FeatureMatrix.Builder out = FeatureMatrix.builder(p);
        float[] adj = new float[p];
        for (int i = 0; i < n; i++) {
            x.readRow(i, row, 0);
            standMean(mean, grand, bHat, covariates, i, batches);
            int b = batch[i];
            for (int j = 0; j < p; j++) {
                if (flat[j]) {
                    adj[j] = row[j];
                    continue;
                }
                double s = (row[j] - mean[j]) / sd[j];
                adj[j] = (float) ((s - gStar[b][j]) / Math.sqrt(dStar[b][j]) * sd[j] + mean[j]);
            }
            out.appendRow(adj);
        }
        return out.build();
    }

    private static void fillDesign(double[] design, int b, double[][] covariates, int i, int batches) {
        java.util.Arrays.fill(design, 0);
        design[b] = 1;
        for (int c = 0; c < covariates.length; c++) {
            design[batches + c] = covariates[c][i];
        }
    }

    /** grand mean + this row's covariates times their coefficients (scanpy's stand_mean). */
    private static void standMean(double[] mean, double[] grand, double[][] bHat, double[][] covariates, int i,
            int batches) {
        System.arraycopy(grand, 0, mean, 0, grand.length);
        for (int c = 0; c < covariates.length; c++) {
            double v = covariates[c][i];
            if (v != 0) {
                for (int j = 0; j < mean.length; j++) {
                    mean[j] += v * bHat[batches + c][j];
                }
            }
        }
    }

    /** Mean and variance (ddof) over the non-flat features. */
    private static double[] meanVar(double[] v, boolean[] flat, int ddof) {
        double m = 0;
        int k = 0;
        for (int j = 0; j < v.length; j++) {
            if (!flat[j]) {
                m += v[j];
                k++;
            }
        }
        m /= k;
        double s = 0;
        for (int j = 0; j < v.length; j++) {
            if (!flat[j]) {
                s += (v[j] - m) * (v[j] - m);
            }
        }
        return new double[] {m, s / (k - ddof)};
    }

    static void parametric(double[] gHat, double[] dHat, double[] s1, double[] s2, int n, boolean[] flat,
            double[] gOut, double[] dOut) {
        double[] gPrior = meanVar(gHat, flat, 0);
        double gBar = gPrior[0];
        double t2 = gPrior[1];
        double[] dPrior = meanVar(dHat, flat, 1);
        double m = dPrior[0];
        double v = dPrior[1];
        double a = (2 * v + m * m) / v;
        double b = (m * v + m * m * m) / v;
        int p = gHat.length;
        double[] gOld = gHat.clone();
        double[] dOld = dHat.clone();
        double[] gNew = new double[p];
        double[] dNew = new double[p];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double change = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < p; j++) {
                if (flat[j]) {
                    continue;
                }
                gNew[j] = (t2 * n * gHat[j] + dOld[j] * gBar) / (t2 * n + dOld[j]);
                double sum2 = s2[j] - 2 * gNew[j] * s1[j] + n * gNew[j] * gNew[j];
                dNew[j] = (0.5 * sum2 + b) / (n / 2.0 + a - 1.0);
                change = Math.max(change, Math.abs(gNew[j] - gOld[j]) / gOld[j]);
                change = Math.max(change, Math.abs(dNew[j] - dOld[j]) / dOld[j]);
            }
            System.arraycopy(gNew, 0, gOld, 0, p);
            System.arraycopy(dNew, 0, dOld, 0, p);
            if (!(change > CONVERGENCE)) {
                break;
            }
        }
        System.arraycopy(gOld, 0, gOut, 0, p);
        System.arraycopy(dOld, 0, dOut, 0, p);
    }

    static void nonParametric(double[] gHat, double[] dHat, double[] s1, double[] s2, int n, boolean[] flat,
            double[] gOut, double[] dOut) {
        int p = gHat.length;
        double[] logLh = new double[p];
        for (int i = 0; i < p; i++) {
            if (flat[i]) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < p; j++) {
                if (j == i || flat[j]) {
                    continue;
                }
                double sum2 = s2[i] - 2 * gHat[j] * s1[i] + n * gHat[j] * gHat[j];
                logLh[j] = -0.5 * n * Math.log(2 * Math.PI * dHat[j]) - sum2 / (2 * dHat[j]);
                max = Math.max(max, logLh[j]);
            }
            double w = 0;
            double g = 0;
            double d = 0;
            for (int j = 0; j < p; j++) {
                if (j == i || flat[j]) {
                    continue;
                }
                double lh = Math.exp(logLh[j] - max);
                w += lh;
                g += gHat[j] * lh;
                d += dHat[j] * lh;
            }
            gOut[i] = g / w;
            dOut[i] = d / w;
        }
    }
}

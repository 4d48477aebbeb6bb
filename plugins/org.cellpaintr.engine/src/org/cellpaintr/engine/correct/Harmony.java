package org.cellpaintr.engine.correct;

import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * harmonypy's algorithm (Korsunsky et al. 2019; harmonypy 0.0.9/0.0.10), step for step, in float64 on libtorch.
 * Cells are rows here (harmonypy keeps them as columns); the arithmetic is the same.
 *
 * <ol>
 * <li>Z_cos = Z / (each cell's maximum over features), then each cell scaled to unit length (harmonypy's
 * initial cosine normalisation, including its division by a possibly negative maximum).</li>
 * <li>Initial centroids: k-means (sklearn settings, see {@link KMeans}) on Z_cos, normalised; R = softmax of
 * -2(1 - Z_cos Y)/sigma per cell; E = (cluster sizes) x Pr(batch), O = R^T Phi.</li>
 * <li>Each Harmony iteration: up to max_iter_kmeans rounds of {Y = normalised Z_cos^T R; distances; R update in
 * random blocks of 5% of the cells with the diversity penalty ((E+1)/(O+1))^theta; objective}, stopping when
 * the 3-round window of the objective changes by less than epsilon_cluster (checked after round 4); then the
 * mixture-of-experts ridge correction per cluster, W = (Phi_k Phi^T + diag(0, lambda))^-1 Phi_k Z (intercept row
 * zeroed), Z_corr = Z - sum_k W_k^T Phi_k; stop when the objective falls by less than epsilon_harmony.</li>
 * </ol>
 * The random numbers (k-means++ draws, block order) are numpy's own ({@link NumpyRandom}), so the result is
 * harmonypy's to rounding: on jump-profiling-recipe's fixture the stored harmonypy output is reproduced to the
 * precision of the stored file (see docs/metrics.md).
 */
final class Harmony {

    static final int WINDOW = 3;

    private final HarmonyOptions opt;
    private final int n;
    private final int d;
    private final int k;
    private final int batches;
    private final int[] batchStart;
    /** Row (in batch order) of each cell in input order: the block order is drawn over input positions. */
    private int[] sortedRow;
    private final NumpyRandom random;
    private final IterationScope arena;
    private final List<Double> objKmeans = new ArrayList<>();
    private final List<Double> objHarmony = new ArrayList<>();
    private NDArray zOrig;
    private NDArray zCos;
    private NDArray zCorr;
    private NDArray phi;
    private NDArray prB;
    private NDArray sigma;
    private NDArray theta;
    private NDArray yT;
    private NDArray r;
    private NDArray e;
    private NDArray o;
    private NDArray dist;
    int iterationsRun;

    private Harmony(HarmonyOptions opt, int n, int d, int k, int batches, int[] batchStart, IterationScope arena) {
        this.opt = opt;
        this.n = n;
        this.d = d;
        this.k = k;
        this.batches = batches;
        this.batchStart = batchStart;
        this.arena = arena;
        this.random = new NumpyRandom(opt.seed());
    }

    /** harmonypy's default cluster count: min(round(N / 30), 100), numpy rounding half to even. */
    static int defaultClusters(int n) {
        return (int) Math.min(Math.rint(n / 30.0), 100);
    }

    /**
     * Corrected rows (row-major n x d) of {@code data} for batch codes {@code batch} (0..batches-1).
     */
    static double[] correct(double[] data, int n, int d, int[] batch, int batches, HarmonyOptions opt,
            Progress progress) throws CanceledException {
        int k = opt.clusters() > 0 ? opt.clusters() : defaultClusters(n);
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("Harmony needs between 1 and " + n + " clusters, got " + k);
        }
        // group the cells by batch so that each batch is a contiguous block of rows
        int[] count = new int[batches + 1];
        for (int b : batch) {
            count[b + 1]++;
        }
        for (int b = 0; b < batches; b++) {
            count[b + 1] += count[b];
        }
        int[] start = count.clone();
        int[] fill = count.clone();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[fill[batch[i]]++] = i;
        }
        double[] sorted = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data, order[i] * d, sorted, i * d, d);
        }
        double[] result;
        try (NDManager root = Runtimes.pytorch().newBaseManager(); IterationScope arena = new IterationScope(root)) {
            Harmony h = new Harmony(opt, n, d, k, batches, start, arena);
            h.sortedRow = new int[n];
            for (int i = 0; i < n; i++) {
                h.sortedRow[order[i]] = i;
            }
            h.setUp(sorted, batch, order);
            progress.report(0.02, "Harmony: initial clusters (k-means, " + k + " clusters)");
            h.initCluster();
            for (int it = 1; it <= opt.maxIterations(); it++) {
                progress.checkCanceled();
                progress.report(0.05 + 0.95 * (it - 1) / opt.maxIterations(), "Harmony iteration " + it);
                h.cluster();
                h.moeCorrectRidge();
                h.iterationsRun = it;
                if (h.converged()) {
                    break;
                }
            }
            result = h.zCorr.toDoubleArray();
        }
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(result, i * d, out, order[i] * d, d);
        }
        return out;
    }

    private void setUp(double[] sorted, int[] batch, int[] order) {
        NDManager m = arena.manager();
        zOrig = m.create(sorted, new Shape(n, d));
        zCorr = zOrig.duplicate();
        double[] onehot = new double[n * batches];
        double[] pr = new double[batches];
        for (int i = 0; i < n; i++) {
            onehot[i * batches + batch[order[i]]] = 1;
            pr[batch[order[i]]] += 1.0 / n;
        }
        phi = m.create(onehot, new Shape(n, batches));
        prB = m.create(pr, new Shape(1, batches));
        sigma = m.create(filled(k, opt.sigma()), new Shape(1, k));
        theta = m.create(filled(batches, opt.theta()), new Shape(1, batches));
        NDArray scaled = zOrig.div(zOrig.max(new int[] {1}, true));
        zCos = unitRows(scaled);
        keep();
    }

    private static double[] filled(int size, double value) {
        double[] a = new double[size];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private void keep() {
        arena.keep(zOrig, zCos, zCorr, phi, prB, sigma, theta, yT, r, e, o, dist);
    }

    private static NDArray unitRows(NDArray a) {
        return a.div(a.square().sum(new int[] {1}, true).sqrt());
    }

    private static NDArray unitColumns(NDArray a) {
        return a.div(a.square().sum(new int[] {0}, true).sqrt());
    }

    private void initCluster() {
        // harmonypy >= 0.0.10 gives sklearn's KMeans its own RandomState(random_state) and the global stream
        // (np.random.seed(random_state)) drives the block shuffles; 0.0.9 used the global stream for both
        // k-means++ draws row indices, so it must see the cells in input order, as harmonypy does
        double[] sortedCos = zCos.toDoubleArray();
        double[] inputCos = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(sortedCos, sortedRow[i] * d, inputCos, i * d, d);
        }
        double[][] centres = KMeans.fit(inputCos, n, d, k, opt.kmeansInits(), opt.kmeansMaxIterations(),
                opt.sharedRandomStream() ? random : new NumpyRandom(opt.seed()),
                opt.legacyFirstCentre() ? KMeans.FirstCentre.RANDINT : KMeans.FirstCentre.CHOICE);
        NDArray y = unitRows(arena.manager().create(centres));
        yT = y.transpose().duplicate();
        dist = distances();
        NDArray logits = dist.neg().div(sigma);
        NDArray ex = logits.sub(logits.max(new int[] {1}, true)).exp();
        r = ex.div(ex.sum(new int[] {1}, true));
        e = r.sum(new int[] {0}, true).transpose().matMul(prB);
        o = r.transpose().matMul(phi);
        computeObjective();
        objHarmony.add(objKmeans.get(objKmeans.size() - 1));
        keep();
    }

    /** 2 (1 - Z_cos Y): squared distance of unit vectors. */
    private NDArray distances() {
        // in place: the (cells x clusters) arrays are the memory peak, so no temporary copies of them
        NDArray t = zCos.matMul(yT);
        t.negi();
        t.addi(1);
        t.muli(2);
        return t;
    }

    /** exp(-dist / sigma - row max), harmonypy's _scale_dist, computed in place. */
    private NDArray scaledExp() {
        NDArray l = dist.neg();
        l.divi(sigma);
        try (NDArray max = l.max(new int[] {1}, true)) {
            l.subi(max);
        }
        NDArray ex = l.exp();
        l.close();
        return ex;
    }

    private static double total(NDArray a) {
        try (NDArray s = a.sum()) {
            return s.getDouble();
        }
    }

    private void computeObjective() {
        double kmeansError;
        try (NDArray t = r.mul(dist)) {
            kmeansError = total(t);
        }
        double entropy;
        try (NDArray floor = r.maximum(Double.MIN_NORMAL); NDArray t = floor.log()) {
            t.muli(r);
            t.muli(sigma);
            entropy = total(t);
        }
        NDArray z = o.add(1).div(e.add(1)).log().mul(theta);
        double cross;
        try (NDArray w = phi.matMul(z.transpose()); NDArray t = r.mul(sigma)) {
            t.muli(w);
            cross = total(t);
        }
        objKmeans.add(kmeansError + entropy + cross);
    }

    private void replaceDistances() {
        NDArray old = dist;
        dist = distances();
        if (old != null) {
            old.close();
        }
    }

    private void cluster() {
        replaceDistances();
        for (int i = 0; i < opt.maxKmeansIterations(); i++) {
            yT = unitColumns(zCos.transpose().matMul(r));
            replaceDistances();
            updateR();
            computeObjective();
            keep();
            if (i > WINDOW && kmeansConverged()) {
                break;
            }
        }
        objHarmony.add(objKmeans.get(objKmeans.size() - 1));
    }

    private boolean kmeansConverged() {
        int l = objKmeans.size();
        double old = 0;
        double now = 0;
        for (int i = 0; i < WINDOW; i++) {
            old += objKmeans.get(l - 2 - i);
            now += objKmeans.get(l - 1 - i);
        }
        return Math.abs(old - now) / Math.abs(old) < opt.epsilonCluster();
    }

    private boolean converged() {
        int l = objHarmony.size();
        double old = objHarmony.get(l - 2);
        double now = objHarmony.get(l - 1);
        return (old - now) / Math.abs(old) < opt.epsilonHarmony();
    }

    private void updateR() {
        NDManager m = arena.manager();
        NDArray scale = scaledExp();
        int[] ord = new int[n];
        for (int i = 0; i < n; i++) {
            ord[i] = i;
        }
        random.shuffle(ord);
        long[] perm = new long[n];
        long[] inverse = new long[n];
        for (int i = 0; i < n; i++) {
            perm[i] = sortedRow[ord[i]];
            inverse[sortedRow[ord[i]]] = i;
        }
        NDArray permIdx = m.create(perm);
        NDArray rp = r.get(new NDIndex("{}", permIdx));
        NDArray sp = scale.get(new NDIndex("{}", permIdx));
        NDArray php = phi.get(new NDIndex("{}", permIdx));
        int blocks = (int) Math.ceil(1 / opt.blockSize());
        int q = n / blocks;
        int rem = n % blocks;
        int s = 0;
        for (int b = 0; b < blocks; b++) {
            int size = q + (b < rem ? 1 : 0);
            if (size == 0) {
                continue;
            }
            NDIndex idx = new NDIndex(s + ":" + (s + size));
            NDArray rb = rp.get(idx);
            NDArray phb = php.get(idx);
            e = e.sub(rb.sum(new int[] {0}, true).transpose().matMul(prB));
            o = o.sub(rb.transpose().matMul(phb));
            NDArray penalty = e.add(1).div(o.add(1)).pow(theta);
            NDArray nb = sp.get(idx).mul(phb.matMul(penalty.transpose()));
            nb = nb.div(nb.sum(new int[] {1}, true));
            rp.set(idx, nb);
            e = e.add(nb.sum(new int[] {0}, true).transpose().matMul(prB));
            o = o.add(nb.transpose().matMul(phb));
            s += size;
        }
        NDArray old = r;
        r = rp.get(new NDIndex("{}", m.create(inverse)));
        old.close();
        rp.close();
        sp.close();
        php.close();
        scale.close();
    }

    private void moeCorrectRidge() {
        NDManager m = arena.manager();
        double[] rsum = r.sum(new int[] {0}).toDoubleArray();
        double[] ob = r.transpose().matMul(phi).toDoubleArray(); // k x B
        double[][] pb = new double[batches][];
        for (int b = 0; b < batches; b++) {
            NDIndex rows = new NDIndex(batchStart[b] + ":" + batchStart[b + 1]);
            pb[b] = r.get(rows).transpose().matMul(zOrig.get(rows)).toDoubleArray(); // k x d
        }
        double[][] wb = new double[batches][k * d];
        int p = batches + 1;
        double[][] x = new double[p][p];
        double[][] rhs = new double[p][d];
        for (int c = 0; c < k; c++) {
            for (double[] row : x) {
                java.util.Arrays.fill(row, 0);
            }
            x[0][0] = rsum[c];
            java.util.Arrays.fill(rhs[0], 0);
            for (int b = 0; b < batches; b++) {
                double obc = ob[c * batches + b];
                x[0][b + 1] = obc;
                x[b + 1][0] = obc;
                x[b + 1][b + 1] = obc + opt.lambda();
                System.arraycopy(pb[b], c * d, rhs[b + 1], 0, d);
                for (int j = 0; j < d; j++) {
                    rhs[0][j] += pb[b][c * d + j];
                }
            }
            double[][] w = LinearAlgebra.solve(x, rhs);
            for (int b = 0; b < batches; b++) {
                System.arraycopy(w[b + 1], 0, wb[b], c * d, d); // the intercept row 0 is not removed
            }
        }
        NDList parts = new NDList();
        for (int b = 0; b < batches; b++) {
            NDIndex rows = new NDIndex(batchStart[b] + ":" + batchStart[b + 1]);
            if (batchStart[b + 1] == batchStart[b]) {
                continue;
            }
            NDArray w = m.create(wb[b], new Shape(k, d));
            parts.add(zOrig.get(rows).sub(r.get(rows).matMul(w)));
        }
        zCorr = NDArrays.concat(parts, 0);
        zCos = unitRows(zCorr);
        keep();
    }
}

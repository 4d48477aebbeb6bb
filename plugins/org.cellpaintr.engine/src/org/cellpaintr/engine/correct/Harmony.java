package org.cellpaintr.engine.correct;

import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * harmonypy's algorithm (Korsunsky et al. 2019; harmonypy 0.0.9/0.0.10), step for step, in float64 on libtorch
 * (float32 in the optional float32 mode).
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
 *
 * <p>Memory: the cells x features arrays are Z_orig and Z_cos only (Z_corr is never stored: each correction writes
 * Z_cos block by block, and the output is Z_orig - R W recomputed from the last step's ridge weights W); the cells x
 * clusters arrays are R and the distances, with the R update working on one block of cells at a time (no permuted
 * copies). The distance matrix harmonypy computes at the start of each clustering is overwritten before any use, so
 * it is not computed. In float32 mode ({@link HarmonyOptions#float32()}) all of this is float32 and so is the
 * k-means (results then differ from harmonypy's by float32 rounding and its consequences; see docs/metrics.md).
 */
final class Harmony {

    static final int WINDOW = 3;
    /** Cells per block when loading, normalising and writing the cells x features arrays. */
    static final int ROW_BLOCK = 8192;

    /** Reads one input row (in input order) as doubles. */
    interface RowReader {
        void read(int row, double[] dst, int offset);
    }

    /** Receives one corrected row (in input order). */
    interface RowWriter {
        void write(int row, double[] src, int offset);
    }

    private final HarmonyOptions opt;
    private final DataType type;
    private final int n;
    private final int d;
    private final int k;
    private final int batches;
    private final int[] batchStart;
    /** Input position of each row in batch order. */
    private final int[] order;
    /** Row (in batch order) of each cell in input order: the block order is drawn over input positions. */
    private final int[] sortedRow;
    private final NumpyRandom random;
    private final IterationScope arena;
    private final List<Double> objKmeans = new ArrayList<>();
    private final List<Double> objHarmony = new ArrayList<>();
    private NDArray zOrig;
    private NDArray zCos;
    private NDArray phi;
    private NDArray prB;
    private NDArray sigma;
    private NDArray theta;
    private NDArray yT;
    private NDArray r;
    private NDArray e;
    private NDArray o;
    private NDArray dist;
    /** The last ridge step's weights per batch (k x d): Z_corr = Z_orig - R W for the cells of that batch. */
    private NDArray[] w;
    int iterationsRun;
    int kmeansRounds;
    /** k-means comparisons float64 had to decide, and all comparisons (for the progress message). */
    final long[] kmeansChecks = new long[2];

    private Harmony(HarmonyOptions opt, int n, int d, int k, int batches, int[] batchStart, int[] order,
            IterationScope arena) {
        this.opt = opt;
        this.type = opt.float32() ? DataType.FLOAT32 : DataType.FLOAT64;
        this.n = n;
        this.d = d;
        this.k = k;
        this.batches = batches;
        this.batchStart = batchStart;
        this.order = order;
        this.sortedRow = new int[n];
        for (int i = 0; i < n; i++) {
            sortedRow[order[i]] = i;
        }
        this.arena = arena;
        this.random = new NumpyRandom(opt.seed());
        this.w = new NDArray[batches];
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
        double[] out = new double[Math.multiplyExact(n, d)];
        run(n, d, (row, dst, off) -> System.arraycopy(data, row * d, dst, off, d), batch, batches, opt, progress,
                (row, src, off) -> System.arraycopy(src, off, out, row * d, d));
        return out;
    }

    /**
     * The corrected feature matrix of {@code m} for batch codes {@code batch}: read and written row block by row
     * block, so no full copy of the matrix lives on the Java heap.
     */
    static FeatureMatrix correct(FeatureMatrix m, int[] batch, int batches, HarmonyOptions opt, Progress progress)
            throws CanceledException {
        int n = m.rows();
        int d = m.columns();
        float[] in = new float[d];
        float[] outRow = new float[d];
        // allocated when the first corrected row arrives, after Harmony's working arrays are freed
        FeatureMatrix[] result = new FeatureMatrix[1];
        try {
            run(n, d, (row, dst, off) -> {
                m.readRow(row, in, 0);
                for (int j = 0; j < d; j++) {
                    dst[off + j] = in[j];
                }
            }, batch, batches, opt, progress, (row, src, off) -> {
                if (result[0] == null) {
                    result[0] = FeatureMatrix.zeros(n, d);
                }
                for (int j = 0; j < d; j++) {
                    outRow[j] = (float) src[off + j];
                }
                result[0].writeRow(row, outRow, 0);
            });
        } catch (CanceledException | RuntimeException | Error ex) {
            if (result[0] != null) {
                result[0].close();
            }
            throw ex;
        }
        return result[0];
    }

    private static void run(int n, int d, RowReader in, int[] batch, int batches, HarmonyOptions opt,
            Progress progress, RowWriter out) throws CanceledException {
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
        try (NDManager root = Runtimes.pytorch().newBaseManager(); IterationScope arena = new IterationScope(root)) {
            Harmony h = new Harmony(opt, n, d, k, batches, start, order, arena);
            h.setUp(in, batch);
            progress.report(0.02, "Harmony: initial clusters (k-means, " + k + " clusters)");
            h.initCluster();
            progress.report(0.05, String.format(java.util.Locale.ROOT, "Harmony: initial clusters done (%.2f%% of the"
                    + " k-means comparisons decided in float64)", 100.0 * h.kmeansChecks[0] / Math.max(1,
                    h.kmeansChecks[1])));
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
            progress.report(1.0, "Harmony: " + h.iterationsRun + " iterations, " + h.kmeansRounds
                    + " clustering rounds");
            // only Z_orig, R and W are needed for the output: free the rest before the output is allocated
            h.dist.close();
            h.dist = null;
            h.zCos.close();
            h.zCos = null;
            h.keepAll();
            h.writeCorrected(out);
        }
    }

    private void setUp(RowReader in, int[] batch) {
        NDManager m = arena.manager();
        // written straight into libtorch's memory (no Java copy of the matrix, no staging buffers)
        zOrig = m.zeros(new Shape(n, d), type);
        java.nio.ByteBuffer view = zOrig.toByteBuffer(true).order(java.nio.ByteOrder.nativeOrder());
        double[] row = new double[d];
        if (type == DataType.FLOAT64) {
            java.nio.DoubleBuffer target = view.asDoubleBuffer();
            for (int i = 0; i < n; i++) {
                in.read(order[i], row, 0);
                target.put(i * d, row);
            }
        } else {
            java.nio.FloatBuffer target = view.asFloatBuffer();
            for (int i = 0; i < n; i++) {
                in.read(order[i], row, 0);
                for (int j = 0; j < d; j++) {
                    target.put(i * d + j, (float) row[j]);
                }
            }
        }
        double[] onehot = new double[n * batches];
        double[] pr = new double[batches];
        for (int i = 0; i < n; i++) {
            onehot[i * batches + batch[order[i]]] = 1;
            pr[batch[order[i]]] += 1.0 / n;
        }
        phi = typed(m.create(onehot, new Shape(n, batches)));
        prB = typed(m.create(pr, new Shape(1, batches)));
        sigma = typed(m.create(filled(k, opt.sigma()), new Shape(1, k)));
        theta = typed(m.create(filled(batches, opt.theta()), new Shape(1, batches)));
        keepAll();
    }

    private NDArray typed(NDArray a) {
        return a.getDataType() == type ? a : a.toType(type, false);
    }

    private static double[] doubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        try (NDArray t = a.toType(DataType.FLOAT64, false)) {
            return t.toDoubleArray();
        }
    }

    private static double[] filled(int size, double value) {
        double[] a = new double[size];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private void keepAll() {
        NDArray[] live = new NDArray[11 + w.length];
        NDArray[] fixed = {zOrig, zCos, phi, prB, sigma, theta, yT, r, e, o, dist};
        System.arraycopy(fixed, 0, live, 0, fixed.length);
        System.arraycopy(w, 0, live, fixed.length, w.length);
        arena.keep(live);
    }

    private static NDArray unitRows(NDArray a) {
        return a.div(a.square().sum(new int[] {1}, true).sqrt());
    }

    private static NDArray unitColumns(NDArray a) {
        return a.div(a.square().sum(new int[] {0}, true).sqrt());
    }

    /**
     * Z_cos from Z_orig, block by block: each cell divided by its maximum over features, then scaled to unit length
     * (harmonypy's initial cosine normalisation, including its division by a possibly negative maximum).
     */
    private void initialCosine() {
        zCos = arena.manager().zeros(new Shape(n, d), type);
        for (int s = 0; s < n; s += ROW_BLOCK) {
            NDIndex rows = new NDIndex(s + ":" + Math.min(n, s + ROW_BLOCK));
            NDArray z = zOrig.get(rows);
            zCos.set(rows, unitRows(z.div(z.max(new int[] {1}, true))));
            keepAll();
        }
    }

    private void initCluster() {
        initialCosine();
        // harmonypy >= 0.0.10 gives sklearn's KMeans its own RandomState(random_state) and the global stream
        // (np.random.seed(random_state)) drives the block shuffles; 0.0.9 used the global stream for both
        // k-means++ draws row indices, so it must see the cells in input order, as harmonypy does
        long[] inputOrder = new long[n];
        for (int i = 0; i < n; i++) {
            inputOrder[i] = sortedRow[i];
        }
        NDArray inputCos = zCos.get(new NDIndex("{}", arena.manager().create(inputOrder)));
        // Z_cos is recomputed after k-means (the same operations, so the same numbers): k-means holds its own
        // copies of the cells, and three cells x features arrays at once would be the memory peak
        zCos.close();
        zCos = null;
        double[][] centres = KMeans.fit(inputCos, k, opt.kmeansInits(), opt.kmeansMaxIterations(),
                opt.sharedRandomStream() ? random : new NumpyRandom(opt.seed()),
                opt.legacyFirstCentre() ? KMeans.FirstCentre.RANDINT : KMeans.FirstCentre.CHOICE, !opt.float32(),
                kmeansChecks);
        keepAll();
        initialCosine();
        NDArray y = unitRows(typed(arena.manager().create(centres)));
        yT = y.transpose().duplicate();
        dist = distances();
        // softmax of -dist / sigma per cell, in place (the same operations as harmonypy's, without extra copies)
        r = scaledExp(dist);
        try (NDArray sum = r.sum(new int[] {1}, true)) {
            r.divi(sum);
        }
        e = r.sum(new int[] {0}, true).transpose().matMul(prB);
        o = r.transpose().matMul(phi);
        keepAll();
        computeObjective();
        objHarmony.add(objKmeans.get(objKmeans.size() - 1));
        keepAll();
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

    private static double total(NDArray a) {
        try (NDArray s = a.sum()) {
            return s.getDataType() == DataType.FLOAT64 ? s.getDouble() : s.toType(DataType.FLOAT64, false)
                    .getDouble();
        }
    }

    /**
     * harmonypy's objective: sum R dist + sum sigma R log R + sum sigma R (Phi^T theta log((O+1)/(E+1)))^T. The last
     * term is summed over clusters and batches as sum_k sigma_k sum_b z_kb (R^T Phi)_kb (the same sum regrouped),
     * so no cells x clusters product is formed; R^T Phi is recomputed from R, not taken from the running O.
     */
    private void computeObjective() {
        // the first two terms over blocks of cells: full-size temporaries would be the memory peak
        double kmeansError = 0;
        double entropy = 0;
        double tiny = type == DataType.FLOAT64 ? Double.MIN_NORMAL : Float.MIN_NORMAL;
        for (int s = 0; s < n; s += 4 * ROW_BLOCK) {
            try (NDManager tmp = arena.manager().newSubManager()) {
                NDIndex rows = new NDIndex(s + ":" + Math.min(n, s + 4 * ROW_BLOCK));
                NDArray rb = r.get(rows);
                rb.attach(tmp);
                NDArray db = dist.get(rows);
                db.attach(tmp);
                NDArray t = rb.mul(db);
                t.attach(tmp);
                kmeansError += total(t);
                NDArray logR = rb.maximum(tiny).log();
                logR.attach(tmp);
                logR.muli(rb);
                NDArray perCluster = logR.sum(new int[] {0}, true);
                perCluster.attach(tmp);
                perCluster.muli(sigma);
                entropy += total(perCluster);
            }
        }
        NDArray z = o.add(1).div(e.add(1)).log().mul(theta); // k x B
        double cross;
        try (NDArray rPhi = r.transpose().matMul(phi)) { // k x B
            rPhi.muli(z);
            NDArray perCluster = rPhi.sum(new int[] {1}, true).transpose(); // 1 x k
            perCluster.muli(sigma);
            cross = total(perCluster);
        }
        objKmeans.add(kmeansError + entropy + cross);
    }

    private void cluster() {
        // harmonypy recomputes the distances here from the new Z_cos, but every round below overwrites them
        // before they are read, so that product is skipped
        for (int i = 0; i < opt.maxKmeansIterations(); i++) {
            yT = unitColumns(zCos.transpose().matMul(r));
            NDArray old = dist;
            dist = null;
            old.close();
            dist = distances();
            keepAll();
            updateR();
            computeObjective();
            keepAll();
            kmeansRounds++;
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

    /**
     * harmonypy's update_R: cells in a random order, in blocks of block_size; each block's old R is taken out of E
     * and O, its new R computed from the scaled distances and the diversity penalty, and put back. Works on the
     * block's rows only (gathered by index, written back in place), so no permuted copy of R or of the distances
     * is made; the scaled distances are per cell, so computing them per block gives the same numbers.
     */
    private void updateR() {
        int[] ord = new int[n];
        for (int i = 0; i < n; i++) {
            ord[i] = i;
        }
        random.shuffle(ord);
        int blocks = (int) Math.ceil(1 / opt.blockSize());
        int q = n / blocks;
        int rem = n % blocks;
        int s = 0;
        for (int b = 0; b < blocks; b++) {
            int size = q + (b < rem ? 1 : 0);
            if (size == 0) {
                continue;
            }
            long[] rows = new long[size];
            for (int i = 0; i < size; i++) {
                rows[i] = sortedRow[ord[s + i]];
            }
            NDIndex idx = new NDIndex("{}", arena.manager().create(rows));
            NDArray rb = r.get(idx);
            NDArray phb = phi.get(idx);
            e = e.sub(rb.sum(new int[] {0}, true).transpose().matMul(prB));
            o = o.sub(rb.transpose().matMul(phb));
            NDArray penalty = e.add(1).div(o.add(1)).pow(theta);
            NDArray nb = scaledExp(dist.get(idx));
            nb.muli(phb.matMul(penalty.transpose()));
            nb = nb.div(nb.sum(new int[] {1}, true));
            r.set(idx, nb);
            e = e.add(nb.sum(new int[] {0}, true).transpose().matMul(prB));
            o = o.add(nb.transpose().matMul(phb));
            keepAll();
            s += size;
        }
    }

    /** exp(-dist / sigma - row max), harmonypy's _scale_dist, for a block of cells (in place on the copy). */
    private NDArray scaledExp(NDArray block) {
        NDArray l = block.neg();
        l.divi(sigma);
        try (NDArray max = l.max(new int[] {1}, true)) {
            l.subi(max);
        }
        NDArray ex = l.exp();
        l.close();
        return ex;
    }

    private void moeCorrectRidge() {
        NDManager m = arena.manager();
        double[] rsum = doubles(r.sum(new int[] {0}));
        double[] ob = doubles(r.transpose().matMul(phi)); // k x B
        double[][] pb = new double[batches][];
        for (int b = 0; b < batches; b++) {
            NDIndex rows = new NDIndex(batchStart[b] + ":" + batchStart[b + 1]);
            pb[b] = doubles(r.get(rows).transpose().matMul(zOrig.get(rows))); // k x d
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
            double[][] sol = LinearAlgebra.solve(x, rhs);
            for (int b = 0; b < batches; b++) {
                System.arraycopy(sol[b + 1], 0, wb[b], c * d, d); // the intercept row 0 is not removed
            }
        }
        for (int b = 0; b < batches; b++) {
            if (w[b] != null) {
                w[b].close();
            }
            w[b] = typed(m.create(wb[b], new Shape(k, d)));
        }
        keepAll();
        // Z_cos = unit rows of Z_corr, block by block within each batch
        for (int b = 0; b < batches; b++) {
            for (int s = batchStart[b]; s < batchStart[b + 1]; s += ROW_BLOCK) {
                NDIndex rows = new NDIndex(s + ":" + Math.min(batchStart[b + 1], s + ROW_BLOCK));
                zCos.set(rows, unitRows(corrected(rows, b)));
                keepAll();
            }
        }
    }

    /** Z_corr = Z_orig - R W_b for the given rows of batch b. */
    private NDArray corrected(NDIndex rows, int b) {
        return zOrig.get(rows).sub(r.get(rows).matMul(w[b]));
    }

    private void writeCorrected(RowWriter out) {
        double[] z = new double[Math.min(n, ROW_BLOCK) * d];
        for (int b = 0; b < batches; b++) {
            for (int s = batchStart[b]; s < batchStart[b + 1]; s += ROW_BLOCK) {
                int end = Math.min(batchStart[b + 1], s + ROW_BLOCK);
                KMeans.copy(corrected(new NDIndex(s + ":" + end), b), z, (end - s) * d);
                for (int i = s; i < end; i++) {
                    out.write(order[i], z, (i - s) * d);
                }
                keepAll();
            }
        }
    }
}

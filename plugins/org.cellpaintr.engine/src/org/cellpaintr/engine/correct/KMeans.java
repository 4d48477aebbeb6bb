package org.cellpaintr.engine.correct;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * sklearn's {@code KMeans(init="k-means++", n_init, max_iter, random_state)} as harmonypy calls it, drawing the
 * same random numbers (numpy's legacy generator, {@link NumpyRandom}) so that the initial clusters are sklearn's.
 *
 * <ul>
 * <li>Data centred by its column means first (sklearn does, for accuracy); centres shifted back at the end.</li>
 * <li>Greedy k-means++: first centre uniform ({@code choice} with equal weights from sklearn 1.3,
 * {@code randint} before); then per step 2 + floor(ln k) candidates drawn by {@code uniform() * potential} on the
 * cumulative squared distances (searchsorted, left); the candidate with the lowest new potential is kept.</li>
 * <li>Lloyd: labels = argmin of ||c||^2 - 2 x.c (first minimum); centres = means; an empty cluster takes the
 * point farthest from its old centre; stop when the labels repeat or the summed squared centre shift is at most
 * tol = 1e-4 x mean feature variance; a final assignment if stopped by tol.</li>
 * <li>n_init runs; a run replaces the best when its inertia is lower and its clustering differs.</li>
 * </ul>
 * Squared distances use ||a||^2 - 2 a.b + ||b||^2 as sklearn does, with the products a.b on libtorch. Why float32
 * first: the float64 products of every Lloyd step and every k-means++ candidate are most of Harmony's initialisation
 * time, and float32 products run about three times faster. In the default (exact) mode they only screen: each
 * float32 product comes with a proven error bound (the rounding of both vectors to float32 and the d-term sum:
 * (2d + 8) u |a| |b|, u = 2^-24, twice the textbook bound), and every comparison the bound cannot settle (a second
 * nearest centre within twice the bound, a k-means++ candidate that may be nearer than the current closest centre)
 * is decided by float64 products of those rows. So labels, potentials and centres are those of all-float64 products.
 * In float32 mode ({@link HarmonyOptions#float32()}) the float32 products decide. Memory O(n d + block x k), never
 * n x n.
 *
 * <p>The starts run in lockstep ({@link Start}). Why: sklearn's starts are independent except for the random stream,
 * and the number of draws of a k-means++ start does not depend on the data, so every start's draws can be taken
 * first, in sklearn's order. Then one product of the rows with the candidates of all starts replaces one thin
 * product per start (each thin product reads the whole matrix for a few columns, so it is bound by memory, not by
 * arithmetic), one screen per Lloyd block serves every running start, and the Java work of the starts (potentials,
 * argmins, sums) runs on parallel threads. Each start's arithmetic is the same as when the starts ran one after the
 * other, in the same order, so the result is too (KMeansTest checks that lockstep equals one start at a time).
 */
public final class KMeans {

    static final double TOL = 1e-4;
    /** float32's unit roundoff. */
    static final double U32 = 0x1p-24;
    /** Most float32 products a Lloyd screen holds at once (block rows x centres of the running starts; 16 MB). */
    static final int SCREEN = 1 << 22;
    /** Most float32 products a k-means++ screen holds (rows x candidates of a group of starts; 128 MB). */
    static final long PLUS_PLUS_SCREEN = 1L << 25;
    /** Rows per block when the column means are read into Java (about 10 MB of doubles at 300 features). */
    static final int READ = 4096;

    /** How sklearn picks the first k-means++ centre (it changed in sklearn 1.3). */
    enum FirstCentre {
        /** {@code random_state.choice(n, p=weights/sum)}: sklearn 1.3 and later. */
        CHOICE,
        /** {@code random_state.randint(n)}: sklearn before 1.3. */
        RANDINT
    }

    private final int n;
    private final int d;
    private final double[] xsq;
    private final double[] norm;
    private final boolean exact;
    private final NDManager manager;
    /**
     * The centred rows (input order) in float32 (the screening products) and, in exact mode, float64 (the deciding
     * products and every sum). In float32 mode the float32 rows are the data. No copy lives on the Java heap: Java
     * reads them through {@link #data}.
     */
    private final NDArray x32;
    private final NDArray x64;
    private final RowReader data;
    private final JavaThreads threads;
    /** Rows whose float32 comparison was not decisive, and all comparisons (statistics for benchmarks). */
    long rechecked;
    long compared;
    /** Reused product buffer of {@link #screenDots} (valid until its next call). */
    private float[] screenBuffer;

    /**
     * One k-means start: its random draws (taken before any start runs), its k-means++ state, then its Lloyd state.
     */
    private static final class Start {
        final int firstId;
        final double[] uniforms;
        double[][] centres;
        double[] closest;
        double[] cum;
        double pot;
        /** k-means++ step: candidate rows and ids; rows whose comparison float64 decides, and their products. */
        double[][] candidates;
        int[] candidateIds;
        int[] undecided;
        int undecidedCount;
        double[] exactProducts;
        /** Rows whose distance to the chosen candidate float64 decided in this step (statistics). */
        long rowProducts;
        /** Lloyd: labels, the previous step's labels, stop state, and the final inertia. */
        int[] labels;
        int[] previous;
        boolean running;
        boolean strict;
        double inertia;

        Start(int firstId, double[] uniforms) {
            this.firstId = firstId;
            this.uniforms = uniforms;
        }

        void markUndecided(int i) {
            if (undecidedCount == undecided.length) {
                undecided = Arrays.copyOf(undecided, Math.max(16, 2 * undecidedCount));
            }
            undecided[undecidedCount++] = i;
        }

        long[] undecidedRows() {
            long[] r = new long[undecidedCount];
            for (int u = 0; u < undecidedCount; u++) {
                r[u] = undecided[u];
            }
            return r;
        }
    }

    private KMeans(NDArray centred, boolean exact, NDManager manager, JavaThreads threads) {
        this.n = (int) centred.getShape().get(0);
        this.d = (int) centred.getShape().get(1);
        this.exact = exact;
        this.manager = manager;
        this.threads = threads;
        this.x64 = exact ? centred : null;
        this.x32 = exact ? centred.toType(DataType.FLOAT32, false) : centred;
        this.data = new RowReader(centred);
        this.xsq = new double[n];
        this.norm = new double[n];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            data.row(i, row, 0);
            double q = 0;
            for (int j = 0; j < d; j++) {
                q += row[j] * row[j];
            }
            xsq[i] = q;
            norm[i] = Math.sqrt(q);
        }
    }

    /** Rows [from, to) of x into buf (at least (to - from) x d long), read straight from libtorch's memory. */
    private static double[] rows(NDArray x, int from, int to, double[] buf) {
        int d = (int) x.getShape().get(1);
        try (NDArray b = x.get(new NDIndex(from + ":" + to))) {
            copy(b, buf, (to - from) * d);
        }
        return buf;
    }

    /** The first size values of a contiguous float32 or float64 array into dst, without an intermediate array. */
    static void copy(NDArray a, double[] dst, int size) {
        ByteBuffer bb = a.toByteBuffer(true).order(ByteOrder.nativeOrder());
        if (a.getDataType() == DataType.FLOAT64) {
            bb.asDoubleBuffer().get(dst, 0, size);
        } else {
            FloatBuffer f = bb.asFloatBuffer();
            for (int i = 0; i < size; i++) {
                dst[i] = f.get(i);
            }
        }
    }

    /** The first size values of a contiguous float32 array into dst. */
    static void copy(NDArray a, float[] dst, int size) {
        a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(dst, 0, size);
    }

    /**
     * The k centres (k x d) of the best of {@code inits} runs on the rows of {@code data} (n x d, input order;
     * float64 for exact mode, else float32). {@code data} is centred in place and closed. {@code exact}: float64
     * decides every comparison (sklearn's results); false: float32 products decide (faster, results may differ).
     */
    static double[][] fit(NDArray data, int k, int inits, int maxIterations, NumpyRandom random, FirstCentre first,
            boolean exact) {
        return fit(data, k, inits, maxIterations, random, first, exact, null);
    }

    static double[][] fit(NDArray data, int k, int inits, int maxIterations, NumpyRandom random, FirstCentre first,
            boolean exact, long[] recheckedOut) {
        return fit(data, k, inits, maxIterations, random, first, exact, recheckedOut, inits);
    }

    /**
     * sklearn's {@code KMeans(n_clusters=k, init="k-means++", n_init=inits, max_iter=maxIterations,
     * random_state=seed)} (sklearn 1.3 and later) on the rows of {@code data} (n x d, float64; centred in place and
     * closed): the k centres of the best start. {@code exact}: float64 decides every comparison; false: the data
     * are float32 and float32 products decide. {@code startsSideBySide}: how many starts run in lockstep (memory
     * for speed; in exact mode the result does not depend on it, in float32 mode only by float32 rounding).
     */
    public static double[][] fit(NDArray data, int k, int inits, int maxIterations, long seed, boolean exact,
            int startsSideBySide) {
        DataType expected = exact ? DataType.FLOAT64 : DataType.FLOAT32;
        if (data.getDataType() != expected) {
            throw new IllegalArgumentException("k-means " + (exact ? "in exact mode" : "in float32 mode")
                    + " needs " + expected + " rows, got " + data.getDataType());
        }
        if (data.getShape().dimension() != 2) {
            throw new IllegalArgumentException("k-means needs a rows x features matrix, got shape " + data.getShape());
        }
        return fit(data, k, inits, maxIterations, new NumpyRandom(seed), FirstCentre.CHOICE, exact, null,
                startsSideBySide);
    }

    /**
     * As above; {@code lockstep} is how many starts run side by side at most (1: one after the other, as sklearn
     * runs them; the results are the same, which KMeansTest checks).
     */
    static double[][] fit(NDArray data, int k, int inits, int maxIterations, NumpyRandom random, FirstCentre first,
            boolean exact, long[] recheckedOut, int lockstep) {
        int n = (int) data.getShape().get(0);
        int d = (int) data.getShape().get(1);
        if (k > n) {
            throw new IllegalArgumentException("cannot make " + k + " clusters from " + n + " rows");
        }
        // column means and the variance sum in Java's order, as before (sklearn centres for accuracy)
        double[] mean = new double[d];
        double[] buf = new double[Math.min(n, READ) * d];
        for (int s = 0; s < n; s += READ) {
            double[] b = rows(data, s, Math.min(n, s + READ), buf);
            for (int i = 0; i < (Math.min(n, s + READ) - s) * d; i++) {
                mean[i % d] += b[i];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        try (NDManager m = data.getManager().newSubManager(); JavaThreads threads = JavaThreads.forLibtorch()) {
            data.attach(m);
            try (NDArray mu = m.create(mean, new Shape(1, d)); NDArray typed = mu.toType(data.getDataType(), false)) {
                data.subi(typed);
            }
            double varSum = 0;
            for (int s = 0; s < n; s += READ) {
                double[] b = rows(data, s, Math.min(n, s + READ), buf);
                for (int i = 0; i < (Math.min(n, s + READ) - s) * d; i++) {
                    varSum += b[i] * b[i];
                }
            }
            double tol = TOL * varSum / n / d;
            KMeans km = new KMeans(data, exact, m, threads);
            // every start's draws in sklearn's order: they do not depend on the data (see the class comment)
            int trials = 2 + (int) Math.log(k);
            double[] uniformCdf = first == FirstCentre.CHOICE ? uniformCdf(n) : null;
            Start[] starts = new Start[inits];
            for (int run = 0; run < inits; run++) {
                int firstId = first == FirstCentre.CHOICE ? searchRight(uniformCdf, random.nextDouble())
                        : random.randint(n);
                double[] uniforms = new double[(k - 1) * trials];
                for (int u = 0; u < uniforms.length; u++) {
                    uniforms[u] = random.nextDouble();
                }
                starts[run] = new Start(firstId, uniforms);
            }
            int group = Math.max(1, Math.min(lockstep, (int) Math.min(inits,
                    PLUS_PLUS_SCREEN / Math.max(1L, (long) n * trials))));
            for (int s = 0; s < inits; s += group) {
                km.plusPlus(Arrays.copyOfRange(starts, s, Math.min(inits, s + group)), k, trials);
            }
            for (int s = 0; s < inits; s += Math.max(1, lockstep)) {
                km.lloyd(Arrays.copyOfRange(starts, s, Math.min(inits, s + Math.max(1, lockstep))), maxIterations,
                        tol);
            }
            double bestInertia = Double.POSITIVE_INFINITY;
            double[][] best = null;
            int[] bestLabels = null;
            for (Start start : starts) {
                if (best == null || (start.inertia < bestInertia && !sameClustering(start.labels, bestLabels, k))) {
                    best = start.centres;
                    bestInertia = start.inertia;
                    bestLabels = start.labels;
                }
            }
            for (double[] c : best) {
                for (int j = 0; j < d; j++) {
                    c[j] += mean[j];
                }
            }
            if (recheckedOut != null) {
                recheckedOut[0] = km.rechecked;
                recheckedOut[1] = km.compared;
            }
            return best;
        }
    }

    /** numpy's cumulative sum of n equal weights 1/n, normalised by its last value (choice's cdf). */
    private static double[] uniformCdf(int n) {
        double[] cdf = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += 1.0 / n;
            cdf[i] = acc;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= acc;
        }
        return cdf;
    }

    private static float[] flat32(List<double[][]> centreSets, int d) {
        int rows = 0;
        for (double[][] set : centreSets) {
            rows += set.length;
        }
        float[] c32 = new float[rows * d];
        int at = 0;
        for (double[][] set : centreSets) {
            for (double[] c : set) {
                for (int j = 0; j < d; j++) {
                    c32[at++] = (float) c[j];
                }
            }
        }
        return c32;
    }

    /**
     * float32 products x.c of rows [from, to) with the centres of every set, side by side ((to - from) x m for m
     * centres in all, row-major; the columns of a set follow those of the sets before it).
     */
    private float[] screenDots(List<double[][]> centreSets, int from, int to) {
        float[] c32 = flat32(centreSets, d);
        int m = c32.length / d;
        try (NDManager tmp = manager.newSubManager()) {
            NDArray ca = tmp.create(c32, new Shape(m, d));
            NDArray rows = x32;
            if (from != 0 || to != n) {
                rows = x32.get(new NDIndex(from + ":" + to));
                rows.attach(tmp);
            }
            NDArray r = rows.matMul(ca.transpose());
            r.attach(tmp);
            int size = (to - from) * m;
            if (screenBuffer == null || screenBuffer.length < size) {
                screenBuffer = new float[size];
            }
            copy(r, screenBuffer, size);
            return screenBuffer;
        }
    }

    /** float64 products x.c of the given rows (null: all rows) with the m centres (rows x m): the deciding ones. */
    private double[] exactDots(double[][] centres, long[] rows) {
        int m = centres.length;
        double[] f = new double[m * d];
        for (int c = 0; c < m; c++) {
            System.arraycopy(centres[c], 0, f, c * d, d);
        }
        try (NDManager tmp = manager.newSubManager()) {
            NDArray ca = tmp.create(f, new Shape(m, d));
            NDArray sel = rows == null ? x64 : x64.get(new NDIndex("{}", tmp.create(rows)));
            NDArray r = sel.matMul(ca.transpose());
            r.attach(tmp);
            if (sel != x64) {
                sel.attach(tmp);
            }
            double[] out = new double[(rows == null ? n : rows.length) * m];
            copy(r, out, out.length);
            return out;
        }
    }

    /** Bound on |float32 product - exact product| for row i and a vector of norm cn (see the class comment). */
    private double bound(int i, double cnorm) {
        return (2.0 * d + 8) * U32 * norm[i] * cnorm + 1e-12 * (xsq[i] + cnorm * cnorm);
    }

    private static double squaredNorm(double[] v) {
        double s = 0;
        for (double t : v) {
            s += t * t;
        }
        return s;
    }

    /** k-means++ for a group of starts in lockstep: one candidate screen per step serves them all. */
    private void plusPlus(Start[] starts, int k, int trials) {
        for (Start s : starts) {
            s.centres = new double[k][];
            s.centres[0] = data.row(s.firstId);
            double c0 = xsq[s.firstId];
            double[] dot0 = exact ? exactDots(new double[][] {s.centres[0]}, null)
                    : widen(screenDots(List.<double[][]>of(new double[][] {s.centres[0]}), 0, n), n);
            s.closest = new double[n];
            double pot = 0;
            for (int i = 0; i < n; i++) {
                s.closest[i] = Math.max(0, -2 * dot0[i] + c0 + xsq[i]);
                pot += s.closest[i];
            }
            s.pot = pot;
            s.cum = new double[n];
            s.undecided = new int[16];
            s.candidates = new double[trials][];
            s.candidateIds = new int[trials];
        }
        int columns = starts.length * trials;
        List<double[][]> candidateSets = new ArrayList<>(starts.length);
        for (int c = 1; c < k; c++) {
            int step = c;
            threads.forEach(starts.length, q -> drawCandidates(starts[q], step, trials));
            candidateSets.clear();
            for (Start s : starts) {
                candidateSets.add(s.candidates);
            }
            float[] dt = screenDots(candidateSets, 0, n);
            boolean[] settled = new boolean[starts.length];
            if (exact) {
                threads.forEach(starts.length, q -> settled[q] = keepBoundedBest(starts[q], step, dt, columns,
                        q * trials, trials));
                // the bounds could not tell the best candidate: float64 products of every close row decide
                threads.forEach(starts.length, q -> {
                    if (!settled[q]) {
                        findUndecided(starts[q], dt, columns, q * trials, trials);
                    }
                });
                for (int q = 0; q < starts.length; q++) {
                    Start s = starts[q];
                    if (!settled[q] && s.undecidedCount > 0) {
                        s.exactProducts = exactDots(s.candidates, s.undecidedRows());
                        rechecked += s.undecidedCount;
                    }
                }
            }
            threads.forEach(starts.length, q -> {
                if (!settled[q]) {
                    keepBestCandidate(starts[q], step, dt, columns, q * trials, trials);
                }
            });
            for (Start s : starts) {
                rechecked += s.rowProducts;
                s.rowProducts = 0;
            }
            compared += (long) n * starts.length;
        }
        for (Start s : starts) {
            s.closest = null;
            s.cum = null;
            s.undecided = null;
            s.exactProducts = null;
            s.candidates = null;
        }
    }

    /** The start's candidates of step c: uniform x potential on the cumulative squared distances. */
    private void drawCandidates(Start s, int c, int trials) {
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += s.closest[i];
            s.cum[i] = acc;
        }
        for (int t = 0; t < trials; t++) {
            double r = s.uniforms[(c - 1) * trials + t] * s.pot;
            s.candidateIds[t] = Math.min(searchLeft(s.cum, r), n - 1);
            s.candidates[t] = data.row(s.candidateIds[t]);
        }
        s.undecidedCount = 0;
        s.exactProducts = null;
    }

    /** Rows where a candidate may be nearer than the closest centre: float64 decides those (exact mode). */
    private void findUndecided(Start s, float[] dt, int columns, int offset, int trials) {
        for (int i = 0; i < n; i++) {
            int base = i * columns + offset;
            for (int t = 0; t < trials; t++) {
                double v = Math.max(0, -2 * (double) dt[base + t] + xsq[s.candidateIds[t]] + xsq[i]);
                if (v - 2 * bound(i, norm[s.candidateIds[t]]) <= s.closest[i]) {
                    s.markUndecided(i);
                    break;
                }
            }
        }
    }

    /**
     * Exact mode: the best candidate from bounds on every candidate's potential, then float64 distances to it only
     * for the rows it may be nearer to than their closest centre; false (nothing changed) when the bounds cannot
     * tell the best candidate.
     *
     * <p>Why: most rows a candidate may win are rows it does win, not close calls, so checking every candidate's
     * rows in float64 costs a gather and a product per candidate, while the potentials differ by far more than
     * float32's error. The float32 distance v of row i is within e = 2 x bound of the float64 one, so its term
     * min(closest, v) lies in [min(closest, max(0, v - e)), min(closest, v + e)]; summed, with the float64 rounding of
     * a sum of n terms added to both ends, these bound each candidate's potential. When the lowest upper bound is
     * below every other candidate's lower bound, that candidate is the one float64 would pick, and the new closest
     * distances are computed in float64 exactly where it may be nearer.
     */
    private boolean keepBoundedBest(Start s, int c, float[] dt, int columns, int offset, int trials) {
        double[] lower = new double[trials];
        double[] upper = new double[trials];
        double[] cn = new double[trials];
        double[] cnorm = new double[trials];
        for (int t = 0; t < trials; t++) {
            cn[t] = xsq[s.candidateIds[t]];
            cnorm[t] = norm[s.candidateIds[t]];
        }
        double a = 2 * (2.0 * d + 8) * U32;
        for (int i = 0; i < n; i++) {
            int base = i * columns + offset;
            double closest = s.closest[i];
            double ni = a * norm[i];
            double qi = 2e-12 * xsq[i];
            for (int t = 0; t < trials; t++) {
                double v = -2 * (double) dt[base + t] + cn[t] + xsq[i];
                // e = 2 x bound(i, candidate), spelt out with the row's factors taken out of the loop
                double e = ni * cnorm[t] + qi + 2e-12 * cn[t];
                if (v - e > closest) {
                    // the candidate is certainly farther: the term is the closest distance either way
                    lower[t] += closest;
                    upper[t] += closest;
                } else {
                    lower[t] += Math.min(closest, Math.max(0, v - e));
                    upper[t] += Math.min(closest, Math.max(0, v + e));
                }
            }
        }
        int bestT = 0;
        for (int t = 1; t < trials; t++) {
            if (upper[t] < upper[bestT]) {
                bestT = t;
            }
        }
        // a float64 sum of n non-negative terms is within n u64 of its exact value; the bounds and the potentials
        // float64 would compute are such sums, so 3 n u64 on either side covers both roundings
        double rounding = 3.0 * n * 0x1p-53;
        for (int t = 0; t < trials; t++) {
            if (t != bestT && !(lower[t] * (1 - rounding) > upper[bestT] * (1 + rounding))) {
                return false;
            }
        }
        double[] candidate = s.candidates[bestT];
        double nc = cn[bestT];
        double[] x = new double[d];
        double pot = 0;
        for (int i = 0; i < n; i++) {
            double v = Math.max(0, -2 * (double) dt[i * columns + offset + bestT] + nc + xsq[i]);
            if (v - 2 * bound(i, cnorm[bestT]) <= s.closest[i]) {
                data.row(i, x, 0);
                double p = 0;
                for (int j = 0; j < d; j++) {
                    p += x[j] * candidate[j];
                }
                s.closest[i] = Math.min(s.closest[i], Math.max(0, -2 * p + nc + xsq[i]));
                s.rowProducts++;
            }
            pot += s.closest[i];
        }
        s.pot = pot;
        s.centres[c] = candidate;
        return true;
    }

    /** Squared distance from row i to candidate t: float64 for an undecided row (its u-th), else float32. */
    private double candidateDistance(Start s, float[] dt, int base, int i, int t, int u) {
        double p = u >= 0 ? s.exactProducts[u * s.candidateIds.length + t] : dt[base + t];
        return Math.max(0, -2 * p + xsq[s.candidateIds[t]] + xsq[i]);
    }

    /** The candidate with the lowest potential becomes the start's next centre (the first of equal ones). */
    private void keepBestCandidate(Start s, int c, float[] dt, int columns, int offset, int trials) {
        int bestT = 0;
        double bestPot = Double.POSITIVE_INFINITY;
        for (int t = 0; t < trials; t++) {
            double p = 0;
            int next = 0;
            for (int i = 0; i < n; i++) {
                int u = -1;
                if (next < s.undecidedCount && s.undecided[next] == i) {
                    u = next++;
                }
                p += Math.min(s.closest[i], candidateDistance(s, dt, i * columns + offset, i, t, u));
            }
            if (p < bestPot) {
                bestPot = p;
                bestT = t;
            }
        }
        int next = 0;
        for (int i = 0; i < n; i++) {
            int u = -1;
            if (next < s.undecidedCount && s.undecided[next] == i) {
                u = next++;
            }
            s.closest[i] = Math.min(s.closest[i], candidateDistance(s, dt, i * columns + offset, i, bestT, u));
        }
        s.pot = bestPot;
        s.centres[c] = s.candidates[bestT];
    }

    private static double[] widen(float[] f, int size) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /** numpy searchsorted(side="left"): first index with a[i] >= v. */
    static int searchLeft(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** numpy searchsorted(side="right"): first index with a[i] > v. */
    static int searchRight(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Each start's labels = first argmin over its centres of ||c||^2 - 2 x.c: float32 products in row blocks
     * screen (one product per block for all the starts), float64 products decide the rows whose two nearest
     * centres are within the float32 error of each other.
     */
    private void assign(List<Start> starts) {
        if (starts.isEmpty()) {
            return;
        }
        int k = starts.get(0).centres.length;
        int columns = starts.size() * k;
        double[][] cn = new double[starts.size()][k];
        double[] cmax = new double[starts.size()];
        List<double[][]> centreSets = new ArrayList<>(starts.size());
        for (int q = 0; q < starts.size(); q++) {
            Start s = starts.get(q);
            for (int c = 0; c < k; c++) {
                cn[q][c] = squaredNorm(s.centres[c]);
                cmax[q] = Math.max(cmax[q], Math.sqrt(cn[q][c]));
            }
            s.undecidedCount = 0;
            if (s.undecided == null) {
                s.undecided = new int[16];
            }
            centreSets.add(s.centres);
        }
        int block = Math.max(1, Math.min(n, SCREEN / columns));
        for (int from = 0; from < n; from += block) {
            int to = Math.min(n, from + block);
            float[] dt = screenDots(centreSets, from, to);
            int blockFrom = from;
            threads.forEach(starts.size(), q -> argmin(starts.get(q), dt, blockFrom, to, columns, q * k, cn[q],
                    cmax[q]));
        }
        for (Start s : starts) {
            compared += n;
            if (s.undecidedCount == 0) {
                continue;
            }
            rechecked += s.undecidedCount;
            int u = s.undecidedCount;
            double[] dt = exactDots(s.centres, s.undecidedRows());
            double[] norms = new double[k];
            for (int c = 0; c < k; c++) {
                norms[c] = squaredNorm(s.centres[c]);
            }
            for (int r = 0; r < u; r++) {
                int b = 0;
                double bv = norms[0] - 2 * dt[r * k];
                for (int c = 1; c < k; c++) {
                    double v = norms[c] - 2 * dt[r * k + c];
                    if (v < bv) {
                        bv = v;
                        b = c;
                    }
                }
                s.labels[s.undecided[r]] = b;
            }
        }
    }

    /** One start's labels for rows [from, to) from the float32 screen; close calls are marked for float64. */
    private void argmin(Start s, float[] dt, int from, int to, int columns, int offset, double[] cn, double cmax) {
        int k = cn.length;
        for (int i = from; i < to; i++) {
            int base = (i - from) * columns + offset;
            // first pass: the first minimum (branches on a new minimum are rare, so this loop runs fast)
            int b = 0;
            double bv = cn[0] - 2 * (double) dt[base];
            for (int c = 1; c < k; c++) {
                double v = cn[c] - 2 * (double) dt[base + c];
                if (v < bv) {
                    bv = v;
                    b = c;
                }
            }
            s.labels[i] = b;
            if (!exact) {
                continue;
            }
            // second pass: another centre within the float32 error of the minimum makes it a close call (each value
            // is off by at most 2 bound, the factor 2 of 2 x.c, so a gap above 4 bound is decisive)
            double limit = bv + 4 * bound(i, cmax);
            for (int c = 0; c < k; c++) {
                if (c != b && cn[c] - 2 * (double) dt[base + c] <= limit) {
                    s.markUndecided(i);
                    break;
                }
            }
        }
    }

    /** Lloyd's iterations of a group of starts in lockstep, each stopping by its own rule. */
    private void lloyd(Start[] starts, int maxIterations, double tol) {
        List<Start> running = new ArrayList<>(Arrays.asList(starts));
        for (Start s : starts) {
            s.labels = new int[n];
            s.previous = new int[n];
            Arrays.fill(s.previous, -1);
            s.running = true;
            s.strict = false;
        }
        for (int it = 0; it < maxIterations && !running.isEmpty(); it++) {
            assign(running);
            List<Start> step = running;
            threads.forEach(step.size(), q -> moveCentres(step.get(q), tol));
            running.removeIf(s -> !s.running);
        }
        List<Start> unsettled = new ArrayList<>();
        for (Start s : starts) {
            if (!s.strict) {
                unsettled.add(s);
            }
        }
        assign(unsettled);
        threads.forEach(starts.length, q -> inertia(starts[q]));
        for (Start s : starts) {
            s.previous = null;
            s.undecided = null;
        }
    }

    /** One Lloyd update of a start: centres = means of their rows, then its stop rules. */
    private void moveCentres(Start s, double tol) {
        int k = s.centres.length;
        double[][] next = new double[k][d];
        double[] weight = new double[k];
        double[] x = new double[d];
        for (int i = 0; i < n; i++) {
            data.row(i, x, 0);
            double[] sum = next[s.labels[i]];
            weight[s.labels[i]]++;
            for (int j = 0; j < d; j++) {
                sum[j] += x[j];
            }
        }
        relocateEmpty(s.centres, s.labels, next, weight);
        double shift = 0;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                next[c][j] /= weight[c];
                double t = next[c][j] - s.centres[c][j];
                shift += t * t;
            }
        }
        s.centres = next;
        if (Arrays.equals(s.labels, s.previous)) {
            s.strict = true;
            s.running = false;
        } else if (shift <= tol) {
            s.running = false;
        } else {
            System.arraycopy(s.labels, 0, s.previous, 0, n);
        }
    }

    private void inertia(Start s) {
        double inertia = 0;
        double[] x = new double[d];
        for (int i = 0; i < n; i++) {
            data.row(i, x, 0);
            double[] c = s.centres[s.labels[i]];
            for (int j = 0; j < d; j++) {
                double t = x[j] - c[j];
                inertia += t * t;
            }
        }
        s.inertia = inertia;
    }

    /** sklearn's _relocate_empty_clusters_dense: empty clusters take the points farthest from their centres. */
    private void relocateEmpty(double[][] old, int[] labels, double[][] sums, double[] weight) {
        int k = old.length;
        int empty = 0;
        for (double w : weight) {
            if (w == 0) {
                empty++;
            }
        }
        if (empty == 0) {
            return;
        }
        double[] dist = new double[n];
        Integer[] order = new Integer[n];
        double[] x = new double[d];
        for (int i = 0; i < n; i++) {
            data.row(i, x, 0);
            double s = 0;
            for (int j = 0; j < d; j++) {
                double t = x[j] - old[labels[i]][j];
                s += t * t;
            }
            dist[i] = s;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(dist[b], dist[a]));
        int e = 0;
        for (int c = 0; c < k; c++) {
            if (weight[c] != 0) {
                continue;
            }
            int far = order[e++];
            int from = labels[far];
            double[] row = data.row(far);
            for (int j = 0; j < d; j++) {
                sums[from][j] -= row[j];
                sums[c][j] = row[j];
            }
            weight[c] = 1;
            weight[from] -= 1;
        }
    }

    /** sklearn's _is_same_clustering: the two labelings match one-to-one. */
    static boolean sameClustering(int[] a, int[] b, int k) {
        int[] map = new int[k];
        Arrays.fill(map, -1);
        for (int i = 0; i < a.length; i++) {
            if (map[a[i]] == -1) {
                map[a[i]] = b[i];
            } else if (map[a[i]] != b[i]) {
                return false;
            }
        }
        return true;
    }
}

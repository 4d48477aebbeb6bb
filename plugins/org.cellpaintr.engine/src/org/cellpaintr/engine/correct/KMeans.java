package org.cellpaintr.engine.correct;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

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
 */
final class KMeans {

    static final double TOL = 1e-4;
    /** float32's unit roundoff. */
    static final double U32 = 0x1p-24;
    /** Rows per float32 product block in the Lloyd assignment (keeps the block x k products small). */
    static final int BLOCK = 16384;
    /** Rows per block when sums read the data into Java (about 10 MB of doubles at 300 features). */
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
     * products and every sum). In float32 mode the float32 rows are the data. No copy lives on the Java heap: sums
     * read the rows in blocks of {@link #READ}.
     */
    private final NDArray x32;
    private final NDArray x64;
    /** Rows whose float32 comparison was not decisive, and all comparisons (statistics for benchmarks). */
    long rechecked;
    long compared;
    /** Reused product buffer of {@link #screenDots} (valid until its next call). */
    private float[] screenBuffer;
    private final double[] readBuffer;

    private KMeans(NDArray centred, boolean exact, NDManager manager) {
        this.n = (int) centred.getShape().get(0);
        this.d = (int) centred.getShape().get(1);
        this.exact = exact;
        this.manager = manager;
        this.x64 = exact ? centred : null;
        this.x32 = exact ? centred.toType(DataType.FLOAT32, false) : centred;
        this.xsq = new double[n];
        this.norm = new double[n];
        this.readBuffer = new double[Math.min(n, READ) * d];
        double[] block = null;
        for (int s = 0; s < n; s += READ) {
            block = rows(s, Math.min(n, s + READ));
            for (int i = s; i < Math.min(n, s + READ); i++) {
                double q = 0;
                for (int j = 0; j < d; j++) {
                    double v = block[(i - s) * d + j];
                    q += v * v;
                }
                xsq[i] = q;
                norm[i] = Math.sqrt(q);
            }
        }
    }

    /**
     * Rows [from, to) of the data (float64 rows in exact mode, else the float32 ones), row-major, in a buffer this
     * object reuses (valid until the next call; a single row is a fresh array): the sums read every row in each
     * Lloyd step, and fresh arrays would make the Java heap grow by hundreds of MB of garbage.
     */
    private double[] rows(int from, int to) {
        if (to - from == 1) {
            return rows(exact ? x64 : x32, from, to, new double[d]);
        }
        return rows(exact ? x64 : x32, from, to, readBuffer);
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
        try (NDManager m = data.getManager().newSubManager()) {
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
            KMeans km = new KMeans(data, exact, m);
            double bestInertia = Double.POSITIVE_INFINITY;
            double[][] best = null;
            int[] bestLabels = null;
            for (int run = 0; run < inits; run++) {
                double[][] init = km.plusPlus(k, random, first);
                int[] labels = new int[n];
                double[] inertia = new double[1];
                double[][] centres = km.lloyd(init, maxIterations, tol, labels, inertia);
                if (best == null || (inertia[0] < bestInertia && !sameClustering(labels, bestLabels, k))) {
                    best = centres;
                    bestInertia = inertia[0];
                    bestLabels = labels;
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

    private static double[] flat(double[][] rows, int d) {
        double[] f = new double[rows.length * d];
        for (int c = 0; c < rows.length; c++) {
            System.arraycopy(rows[c], 0, f, c * d, d);
        }
        return f;
    }

    /** float32 products x.c of rows [from, to) with the m centres ((to - from) x m, row-major). */
    private float[] screenDots(double[][] centres, int from, int to) {
        int m = centres.length;
        double[] f = flat(centres, d);
        float[] c32 = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            c32[i] = (float) f[i];
        }
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

    /** float64 products x.c of the given rows with the m centres (rows.length x m): the deciding ones. */
    private double[] exactDots(double[][] centres, long[] rows) {
        int m = centres.length;
        try (NDManager tmp = manager.newSubManager()) {
            NDArray ca = tmp.create(flat(centres, d), new Shape(m, d));
            NDArray sel = rows.length == n ? x64 : x64.get(new NDIndex("{}", tmp.create(rows)));
            NDArray r = sel.matMul(ca.transpose());
            r.attach(tmp);
            if (sel != x64) {
                sel.attach(tmp);
            }
            double[] out = new double[rows.length * m];
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

    private double[] row(int i) {
        return rows(i, i + 1);
    }

    private double[][] plusPlus(int k, NumpyRandom random, FirstCentre first) {
        int trials = 2 + (int) Math.log(k);
        double[][] centres = new double[k][];
        int firstId;
        if (first == FirstCentre.CHOICE) {
            double[] cdf = new double[n];
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += 1.0 / n;
                cdf[i] = acc;
            }
            for (int i = 0; i < n; i++) {
                cdf[i] /= acc;
            }
            double u = random.nextDouble();
            firstId = searchRight(cdf, u);
        } else {
            firstId = random.randint(n);
        }
        centres[0] = row(firstId);
        double[] closest = new double[n];
        double c0 = xsq[firstId];
        double[] dot0 = exact ? exactDots(new double[][] {centres[0]}, allRows())
                : widen(screenDots(new double[][] {centres[0]}, 0, n), n);
        double pot = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = Math.max(0, -2 * dot0[i] + c0 + xsq[i]);
            pot += closest[i];
        }
        double[] cum = new double[n];
        double[] dist = new double[trials * n];
        boolean[] decide = new boolean[n];
        for (int c = 1; c < k; c++) {
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += closest[i];
                cum[i] = acc;
            }
            int[] cand = new int[trials];
            double[][] cc = new double[trials][];
            for (int t = 0; t < trials; t++) {
                double r = random.nextDouble() * pot;
                cand[t] = Math.min(searchLeft(cum, r), n - 1);
                cc[t] = row(cand[t]);
            }
            float[] dt = screenDots(cc, 0, n);
            int undecided = 0;
            for (int t = 0; t < trials; t++) {
                double nc = xsq[cand[t]];
                double cnorm = norm[cand[t]];
                for (int i = 0; i < n; i++) {
                    double v = Math.max(0, -2 * (double) dt[i * trials + t] + nc + xsq[i]);
                    if (exact && v - 2 * bound(i, cnorm) <= closest[i]) {
                        // the candidate may be nearer than the closest centre: float64 decides below
                        if (!decide[i]) {
                            decide[i] = true;
                            undecided++;
                        }
                    }
                    dist[t * n + i] = Math.min(closest[i], v);
                }
            }
            if (undecided > 0) {
                long[] rows = new long[undecided];
                for (int i = 0, u = 0; i < n; i++) {
                    if (decide[i]) {
                        rows[u++] = i;
                        decide[i] = false;
                    }
                }
                double[] ex = exactDots(cc, rows);
                for (int u = 0; u < rows.length; u++) {
                    int i = (int) rows[u];
                    for (int t = 0; t < trials; t++) {
                        double v = Math.max(0, -2 * ex[u * trials + t] + xsq[cand[t]] + xsq[i]);
                        dist[t * n + i] = Math.min(closest[i], v);
                    }
                }
                rechecked += undecided;
            }
            compared += n;
            int bestT = 0;
            double bestPot = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                double p = 0;
                for (int i = 0; i < n; i++) {
                    p += dist[t * n + i];
                }
                if (p < bestPot) {
                    bestPot = p;
                    bestT = t;
                }
            }
            System.arraycopy(dist, bestT * n, closest, 0, n);
            pot = bestPot;
            centres[c] = cc[bestT];
        }
        return centres;
    }

    private long[] allRows() {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
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
     * labels = first argmin over centres of ||c||^2 - 2 x.c: float32 products in row blocks screen, float64 products
     * decide the rows whose two nearest centres are within the float32 error of each other.
     */
    private void assign(double[][] centres, int[] labels) {
        int k = centres.length;
        double[] cn = new double[k];
        double cmax = 0;
        for (int c = 0; c < k; c++) {
            cn[c] = squaredNorm(centres[c]);
            cmax = Math.max(cmax, Math.sqrt(cn[c]));
        }
        long[] undecided = new long[Math.min(n, 1024)];
        int u = 0;
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            float[] dt = screenDots(centres, from, to);
            for (int i = from; i < to; i++) {
                int base = (i - from) * k;
                int b = 0;
                double bv = cn[0] - 2 * (double) dt[base];
                double second = Double.POSITIVE_INFINITY;
                for (int c = 1; c < k; c++) {
                    double v = cn[c] - 2 * (double) dt[base + c];
                    if (v < bv) {
                        second = bv;
                        bv = v;
                        b = c;
                    } else if (v < second) {
                        second = v;
                    }
                }
                labels[i] = b;
                // each value is off by at most 2 bound (the factor 2 of 2 x.c), so a gap above 4 bound is decisive
                if (exact && second - bv <= 4 * bound(i, cmax)) {
                    if (u == undecided.length) {
                        undecided = Arrays.copyOf(undecided, Math.min(n, 2 * u));
                    }
                    undecided[u++] = i;
                }
            }
        }
        compared += n;
        if (u == 0) {
            return;
        }
        rechecked += u;
        long[] rows = Arrays.copyOf(undecided, u);
        double[] dt = exactDots(centres, rows);
        for (int r = 0; r < u; r++) {
            int b = 0;
            double bv = cn[0] - 2 * dt[r * k];
            for (int c = 1; c < k; c++) {
                double v = cn[c] - 2 * dt[r * k + c];
                if (v < bv) {
                    bv = v;
                    b = c;
                }
            }
            labels[(int) rows[r]] = b;
        }
    }

    private double[][] lloyd(double[][] centres, int maxIterations, double tol, int[] labels, double[] inertiaOut) {
        int k = centres.length;
        int[] old = new int[n];
        Arrays.fill(old, -1);
        boolean strict = false;
        for (int it = 0; it < maxIterations; it++) {
            assign(centres, labels);
            double[][] next = new double[k][d];
            double[] weight = new double[k];
            for (int s = 0; s < n; s += READ) {
                double[] x = rows(s, Math.min(n, s + READ));
                for (int i = s; i < Math.min(n, s + READ); i++) {
                    weight[labels[i]]++;
                    for (int j = 0; j < d; j++) {
                        next[labels[i]][j] += x[(i - s) * d + j];
                    }
                }
            }
            relocateEmpty(centres, labels, next, weight);
            double shift = 0;
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    next[c][j] /= weight[c];
                    double t = next[c][j] - centres[c][j];
                    shift += t * t;
                }
            }
            centres = next;
            if (Arrays.equals(labels, old)) {
                strict = true;
                break;
            }
            if (shift <= tol) {
                break;
            }
            System.arraycopy(labels, 0, old, 0, n);
        }
        if (!strict) {
            assign(centres, labels);
        }
        double inertia = 0;
        for (int s = 0; s < n; s += READ) {
            double[] x = rows(s, Math.min(n, s + READ));
            for (int i = s; i < Math.min(n, s + READ); i++) {
                double[] c = centres[labels[i]];
                for (int j = 0; j < d; j++) {
                    double t = x[(i - s) * d + j] - c[j];
                    inertia += t * t;
                }
            }
        }
        inertiaOut[0] = inertia;
        return centres;
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
        for (int s0 = 0; s0 < n; s0 += READ) {
            double[] x = rows(s0, Math.min(n, s0 + READ));
            for (int i = s0; i < Math.min(n, s0 + READ); i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double t = x[(i - s0) * d + j] - old[labels[i]][j];
                    s += t * t;
                }
                dist[i] = s;
                order[i] = i;
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(dist[b], dist[a]));
        int e = 0;
        for (int c = 0; c < k; c++) {
            if (weight[c] != 0) {
                continue;
            }
            int far = order[e++];
            int from = labels[far];
            double[] x = row(far);
            for (int j = 0; j < d; j++) {
                sums[from][j] -= x[j];
                sums[c][j] = x[j];
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

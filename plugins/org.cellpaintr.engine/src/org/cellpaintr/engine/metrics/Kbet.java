package org.cellpaintr.engine.metrics;

import java.util.Arrays;

import org.cellpaintr.engine.knn.SparseGraph;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;

/**
 * scib v1.1.4's kBET ({@code scib.metrics.kBET} with type_ = "knn", calling R's kBET per label).
 *
 * <ol>
 * <li>Diffusion connectivities ({@code diffusion_conn}, min_k = 50): T = connectivities / (largest row sum);
 * M = T + T^2 + ... + T^s with the smallest s &gt;= 1 such that every well of a connected component with at least
 * 50 wells has at least 50 non-zeros in its row (s &lt;= 25); diagonal set to 0.</li>
 * <li>Per label with at least 10 wells and at least 2 batches: k0 = min(70, max(10, floor(mean wells per batch / 4))).
 * On M restricted to the label: if it is connected, {@code diffusion_nn}: P = row-normalised block,
 * P + P^2 + P^3 + ... (more powers until every row has k0 + 1 non-zeros, at most 25), diagonal 0, the k0 highest
 * per row. If it is not connected, only components of at least 3 k0 wells are used, provided they hold at least
 * 75% of the label's wells (otherwise the label's rejection rate is 1); if the neighbours cannot be found the
 * rejection rate is 1.</li>
 * <li>R kBET (do.pca = FALSE, heuristic = FALSE, adapt = FALSE): each tested well's neighbourhood is itself plus
 * k0 - 1 neighbours; Pearson's chi-square statistic of its batch counts against the label's batch frequencies
 * (dof = batches in the label - 1); rejected when p &lt; 0.05. R tests random 10% subsets 100 times and averages
 * the rejection rates; this tests every well, which is that estimator's expectation, without its noise.</li>
 * <li>Score = 1 - mean over labels of the rejection rate.</li>
 * </ol>
 * Two details differ from scib on purpose (see docs/metrics.md): the k0 - 1 neighbours used are the nearest ones
 * (scib passes an unordered top-k0 list, so R drops an arbitrary one), and in the multi-component case neighbour
 * indices are mapped back to the label's wells (scib leaves them as positions in the kept subset).
 */
public final class Kbet {

    static final int DIFFUSION_MIN_K = 50;
    static final int MAX_ITERATIONS = 26;
    static final double ALPHA = 0.05;

    private Kbet() {
    }

    public static MetricValue score(SparseGraph connectivities, LabelCodes labels, LabelCodes batches, Progress progress)
            throws CanceledException {
        DiffusedConnectivities diffused = DiffusedConnectivities.of(connectivities);
        if (diffused == null) {
            return MetricValue.nan();
        }
        int[][] groups = labels.groups();
        double sum = 0;
        int used = 0;
        for (int g = 0; g < groups.length; g++) {
            progress.checkCanceled();
            progress.report((double) g / groups.length, "kBET label " + (g + 1) + "/" + groups.length);
            double r = labelRejection(diffused, groups[g], batches);
            if (!Double.isNaN(r)) {
                sum += r;
                used++;
            }
        }
        return used == 0 ? MetricValue.nan() : new MetricValue(1 - sum / used, used);
    }

    /**
     * scib's diffusion_conn, evaluated lazily: kBET only ever reads the blocks of M between wells of one label, so
     * only those blocks are computed (memory O(label size^2) at most, instead of the O(n k^2) of all of T + T^2).
     */
    static final class DiffusedConnectivities {
        final int steps;
        private final Diffusion diffusion;
        private final int[] local;

        private DiffusedConnectivities(SparseGraph c, int steps, double scale) {
            this.steps = steps;
            double[] rowScale = new double[c.size()];
            Arrays.fill(rowScale, scale);
            this.diffusion = new Diffusion(c, rowScale);
            this.local = new int[c.size()];
            Arrays.fill(local, -1);
        }

        /** null when 25 steps do not give every large-component row 50 non-zeros (scib raises an error then). */
        static DiffusedConnectivities of(SparseGraph c) {
            int n = c.size();
            double maxRowSum = 0;
            for (int i = 0; i < n; i++) {
                maxRowSum = Math.max(maxRowSum, c.weightSum(i));
            }
            if (maxRowSum == 0) {
                return null;
            }
            int[] comp = c.components();
            int[] compSize = new int[n];
            for (int x : comp) {
                compSize[x]++;
            }
            int[] large = Arrays.stream(rangeArray(n)).filter(i -> compSize[comp[i]] >= DIFFUSION_MIN_K).toArray();
            int steps = large.length == 0 ? 1
                    : Diffusion.stepsNeeded(c, large, DIFFUSION_MIN_K, 1, MAX_ITERATIONS - 1);
            return steps < 0 ? null : new DiffusedConnectivities(c, steps, 1.0 / maxRowSum);
        }

        /** M restricted to {@code members} (local ids), diagonal 0. */
        SparseGraph block(int[] members) {
            return steps <= 2 ? blockByRows(members) : blockByHalves(members);
        }

        /**
         * For three or more steps: T^t[i][j] for t &lt;= a = ceil(steps / 2) read from row i's own powers, and for
         * t = a + b &gt; a as the dot product of T^a row i with T^b row j (T is symmetric). Each member's powers
         * are computed once, so the cost no longer grows with every row's full multi-step expansion.
         */
        SparseGraph blockByHalves(int[] members) {
            int a = (steps + 1) / 2;
            int m = members.length;
            int[][][] cols = new int[m][][];
            double[][][] vals = new double[m][][];
            for (int i = 0; i < m; i++) {
                Object[] pr = diffusion.powerRows(members[i], a);
                cols[i] = (int[][]) pr[0];
                vals[i] = (double[][]) pr[1];
            }
            for (int i = 0; i < m; i++) {
                local[members[i]] = i;
            }
            double[] block = new double[m * m];
            for (int i = 0; i < m; i++) {
                for (int t = 0; t < a; t++) {
                    for (int e = 0; e < cols[i][t].length; e++) {
                        int l = local[cols[i][t][e]];
                        if (l >= 0) {
                            block[i * m + l] += vals[i][t][e];
                        }
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                local[members[i]] = -1;
            }
            double[] dense = scratch();
            for (int i = 0; i < m; i++) {
                int[] ci = cols[i][a - 1];
                double[] vi = vals[i][a - 1];
                for (int e = 0; e < ci.length; e++) {
                    dense[ci[e]] = vi[e];
                }
                for (int b = 1; a + b <= steps; b++) {
                    for (int j = 0; j < m; j++) {
                        double dot = 0;
                        int[] cj = cols[j][b - 1];
                        double[] vj = vals[j][b - 1];
                        for (int e = 0; e < cj.length; e++) {
                            dot += dense[cj[e]] * vj[e];
                        }
                        block[i * m + j] += dot;
                    }
                }
                for (int e = 0; e < ci.length; e++) {
                    dense[ci[e]] = 0;
                }
            }
            int count = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (i != j && block[i * m + j] != 0) {
                        count++;
                    }
                }
            }
            int[] rows = new int[count];
            int[] cc = new int[count];
            double[] vv = new double[count];
            int w = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (i != j && block[i * m + j] != 0) {
                        rows[w] = i;
                        cc[w] = j;
                        vv[w++] = block[i * m + j];
                    }
                }
            }
            return SparseGraph.fromEntries(m, rows, cc, vv, count, Double::sum);
        }

        private double[] scratchArray;

        private double[] scratch() {
            if (scratchArray == null) {
                scratchArray = new double[local.length];
            }
            return scratchArray;
        }

        /** Row by row: each member's row of T + ... + T^steps, kept where it hits other members. */
        SparseGraph blockByRows(int[] members) {
            for (int i = 0; i < members.length; i++) {
                local[members[i]] = i;
            }
            IntDoubleList cols = new IntDoubleList();
            int[] rowOf = new int[16];
            int[] count = {0};
            for (int i = 0; i < members.length; i++) {
                final int row = i;
                diffusion.row(members[i], steps, (j, v) -> {
                    int l = local[j];
                    if (l >= 0 && l != row && v != 0) {
                        cols.add(l, v);
                    }
                });
                if (rowOf.length < cols.size()) {
                    rowOf = Arrays.copyOf(rowOf, Math.max(cols.size(), rowOf.length * 2));
                }
                Arrays.fill(rowOf, count[0], cols.size(), i);
                count[0] = cols.size();
            }
            for (int m : members) {
                local[m] = -1;
            }
            return SparseGraph.fromEntries(members.length, rowOf, cols.ints(), cols.doubles(), cols.size(),
                    Double::sum);
        }
    }

    /**
     * The diffusion block M[members, members] (diagonal 0) of a connectivity graph, computed both ways (row by row,
     * or by halves); public so that tests can check the two evaluations agree.
     */
    public static SparseGraph diffusionBlock(SparseGraph connectivities, int[] members, boolean byHalves) {
        DiffusedConnectivities d = DiffusedConnectivities.of(connectivities);
        if (d == null) {
            return null;
        }
        return byHalves ? d.blockByHalves(members) : d.blockByRows(members);
    }

    /** Diffusion steps scib's diffusion_conn would take on this graph (-1 when it would fail). */
    public static int diffusionSteps(SparseGraph connectivities) {
        DiffusedConnectivities d = DiffusedConnectivities.of(connectivities);
        return d == null ? -1 : d.steps;
    }

    /** The rejection rate of one label, NaN when the label is skipped (fewer than 10 wells or one batch). */
    static double labelRejection(DiffusedConnectivities diffused, int[] members, LabelCodes batches) {
        LabelCodes local = LabelCodes.ofInts(CosineSilhouette.select(batches.codes(), members));
        if (members.length < 10 || local.count() == 1) {
            return Double.NaN;
        }
        int[] counts = new int[local.count()];
        for (int b : local.codes()) {
            counts[b]++;
        }
        int k0 = (int) Math.min(70, Math.max(10, Math.floor((double) members.length / local.count() / 4)));
        SparseGraph sub = diffused.block(members);
        int[] comp = sub.components();
        int nComp = Arrays.stream(comp).max().orElse(-1) + 1;
        int[] tested;
        if (nComp == 1) {
            tested = rangeArray(members.length);
        } else {
            int[] size = new int[nComp];
            for (int x : comp) {
                size[x]++;
            }
            int kk = k0;
            tested = Arrays.stream(rangeArray(members.length)).filter(i -> size[comp[i]] >= 3 * kk).toArray();
            if ((double) tested.length / members.length < 0.75) {
                return 1.0;
            }
        }
        int[][] nn = diffusionNeighbours(sub.induced(tested), k0);
        if (nn == null) {
            return 1.0;
        }
        double[] expected = new double[local.count()];
        for (int b = 0; b < expected.length; b++) {
            expected[b] = (double) counts[b] / members.length * k0;
        }
        int dof = local.count() - 1;
        int rejected = 0;
        int[] observed = new int[local.count()];
        for (int t = 0; t < tested.length; t++) {
            Arrays.fill(observed, 0);
            observed[local.codes()[tested[t]]]++;
            for (int j = 0; j < k0 - 1; j++) {
                observed[local.codes()[tested[nn[t][j]]]]++;
            }
            double chi = 0;
            for (int b = 0; b < expected.length; b++) {
                double diff = observed[b] - expected[b];
                chi += diff * diff / expected[b];
            }
            if (ChiSquare.upperTail(chi, dof) < ALPHA) {
                rejected++;
            }
        }
        return (double) rejected / tested.length;
    }

    /**
     * scib's diffusion_nn: the k highest entries per row of P + P^2 + P^3 + ... (P the row-normalised matrix),
     * nearest first; null when 25 steps do not give every row k + 1 non-zeros.
     */
    static int[][] diffusionNeighbours(SparseGraph m, int k) {
        int n = m.size();
        int[] all = rangeArray(n);
        int steps = Diffusion.stepsNeeded(m, all, k + 1, 3, MAX_ITERATIONS - 1);
        if (steps < 0) {
            return null;
        }
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            double s = m.weightSum(i);
            scale[i] = s == 0 ? 0 : 1.0 / s;
        }
        Diffusion diffusion = new Diffusion(m, scale);
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            IntDoubleList entries = new IntDoubleList();
            final int self = i;
            diffusion.row(i, steps, (j, v) -> {
                if (j != self && v > 0) {
                    entries.add(j, v);
                }
            });
            if (entries.size() < k) {
                return null;
            }
            out[i] = entries.topK(k);
        }
        return out;
    }

    static int[] rangeArray(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** A growable list of (int, double) pairs. */
    static final class IntDoubleList {
        private int[] ints = new int[16];
        private double[] doubles = new double[16];
        private int size;

        void add(int i, double d) {
            if (size == ints.length) {
                ints = Arrays.copyOf(ints, size * 2);
                doubles = Arrays.copyOf(doubles, size * 2);
            }
            ints[size] = i;
            doubles[size++] = d;
        }

        int size() {
            return size;
        }

        int[] ints() {
            return Arrays.copyOf(ints, size);
        }

        double[] doubles() {
            return Arrays.copyOf(doubles, size);
        }

        /** The ints of the k largest doubles, largest first (ties: smaller int first). */
        int[] topK(int k) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int c = Double.compare(doubles[b], doubles[a]);
                return c != 0 ? c : Integer.compare(ints[a], ints[b]);
            });
            int[] out = new int[k];
            for (int i = 0; i < k; i++) {
                out[i] = ints[order[i]];
            }
            return out;
        }
    }
}

package org.cellpaintr.engine.metrics;

import java.util.HashMap;
import java.util.Map;

/** Agreement between two labelings of the same items: NMI (sklearn, arithmetic mean) and ARI (scib's formula). */
public final class ClusterAgreement {

    private ClusterAgreement() {
    }

    /**
     * sklearn's normalized_mutual_info_score with average_method = 'arithmetic': MI / ((H(a) + H(b)) / 2) with
     * natural logs; 1 when both labelings have a single class, 0 when the mutual information is 0.
     */
    public static double nmi(LabelCodes a, LabelCodes b) {
        int n = a.size();
        if (a.count() == 1 && b.count() == 1) {
            return 1.0;
        }
        Map<Long, Integer> joint = contingency(a, b);
        int[] ca = counts(a);
        int[] cb = counts(b);
        double mi = 0;
        for (Map.Entry<Long, Integer> e : joint.entrySet()) {
            int i = (int) (e.getKey() >> 32);
            int j = (int) (e.getKey() & 0xffffffffL);
            double nij = e.getValue();
            mi += nij / n * (Math.log(nij * n) - Math.log((double) ca[i] * cb[j]));
        }
        mi = Math.max(mi, 0);
        if (mi == 0) {
            return 0.0;
        }
        double normaliser = (entropy(ca, n) + entropy(cb, n)) / 2;
        return mi / Math.max(normaliser, Math.ulp(1.0));
    }

    /**
     * scib's ari: (index - expected) / (max - expected) with index = sum over cells of C(n_ij, 2),
     * expected = sum_i C(a_i, 2) sum_j C(b_j, 2) / C(n, 2), max = (sum_i C(a_i, 2) + sum_j C(b_j, 2)) / 2.
     * Where scib would divide 0 by 0 (both labelings trivial) this returns 1, as sklearn does.
     */
    public static double ari(LabelCodes a, LabelCodes b) {
        int n = a.size();
        double index = 0;
        for (int v : contingency(a, b).values()) {
            index += choose2(v);
        }
        double sumA = 0;
        for (int v : counts(a)) {
            sumA += choose2(v);
        }
        double sumB = 0;
        for (int v : counts(b)) {
            sumB += choose2(v);
        }
        double expected = sumA * sumB / choose2(n);
        double max = 0.5 * (sumA + sumB);
        if (max == expected) {
            return 1.0;
        }
        return (index - expected) / (max - expected);
    }

    private static double choose2(double x) {
        return x * (x - 1) / 2;
    }

    private static Map<Long, Integer> contingency(LabelCodes a, LabelCodes b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("labelings differ in length: " + a.size() + " vs " + b.size());
        }
        Map<Long, Integer> m = new HashMap<>();
        for (int r = 0; r < a.size(); r++) {
            m.merge(((long) a.codes()[r] << 32) | b.codes()[r], 1, Integer::sum);
        }
        return m;
    }

    private static int[] counts(LabelCodes c) {
        int[] k = new int[c.count()];
        for (int x : c.codes()) {
            k[x]++;
        }
        return k;
    }

    private static double entropy(int[] counts, int n) {
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}

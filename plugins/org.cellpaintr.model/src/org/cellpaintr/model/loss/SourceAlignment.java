package org.cellpaintr.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Cross-source alignment of the negative controls: the mean over pairs of sources of the squared distance between
 * the sources' mean control embedding, on L2-normalised embeddings (the space SupCon works in):
 * <pre>
 * z_i = e_i / |e_i|,   m_s = mean of z_i over the controls i of source s in the batch
 * A   = (1 / |pairs|) Σ_{s &lt; t} |m_s − m_t|²      (over the sources with at least one control in the batch)
 * </pre>
 * Why: with the source token next to [CLS] the model can give each source's embeddings a constant offset, and SupCon
 * across sources does not remove it for the many compounds that look like the controls. The controls of every source
 * are the same treatment, so any difference between their means is a source effect; A is 0 exactly when the means
 * coincide and its gradient moves each source's controls towards the other sources' mean. Only rows without a
 * SupCon class count as controls (negative controls are never positives), so the compounds' label mix, which differs
 * between sources in a batch, does not enter.
 */
public final class SourceAlignment {

    private SourceAlignment() {
    }

    /**
     * The (pairs × B) host matrix W with A = mean over rows p of |W_p · Z|²: row (s, t) holds 1/n_s at the controls of
     * source s and −1/n_t at those of t. Null when fewer than two sources have a control in the batch (A undefined).
     *
     * @param sourceRows source (codebook row) of each sample
     * @param labels SupCon class of each sample; negative = a control
     */
    public static float[] pairWeights(int[] sourceRows, int[] labels) {
        int b = sourceRows.length;
        java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
        for (int i = 0; i < b; i++) {
            if (labels[i] < 0) {
                counts.merge(sourceRows[i], 1, Integer::sum);
            }
        }
        if (counts.size() < 2) {
            return null;
        }
        Integer[] sources = counts.keySet().toArray(new Integer[0]);
        int pairs = sources.length * (sources.length - 1) / 2;
        float[] w = new float[pairs * b];
        int p = 0;
        for (int s = 0; s < sources.length; s++) {
            for (int t = s + 1; t < sources.length; t++, p++) {
                for (int i = 0; i < b; i++) {
                    if (labels[i] >= 0) {
                        continue;
                    }
                    if (sourceRows[i] == sources[s]) {
                        w[p * b + i] = 1f / counts.get(sources[s]);
                    } else if (sourceRows[i] == sources[t]) {
                        w[p * b + i] = -1f / counts.get(sources[t]);
                    }
                }
            }
        }
        return w;
    }

    /**
     * @param embeddings (B, D), not normalised
     * @param sourceRows source of each row
     * @param labels SupCon class of each row (negative: a control)
     * @return the scalar A, or null when fewer than two sources have a control in the batch
     */
    public static NDArray compute(NDArray embeddings, int[] sourceRows, int[] labels, NDManager manager) {
        int b = labels.length;
        if (embeddings.getShape().get(0) != b || sourceRows.length != b) {
            throw new IllegalArgumentException("source alignment got " + embeddings.getShape().get(0)
                    + " embeddings, " + sourceRows.length + " sources and " + b + " labels");
        }
        float[] w = pairWeights(sourceRows, labels);
        if (w == null) {
            return null;
        }
        int pairs = w.length / b;
        NDArray z = embeddings.normalize(2, 1, 1e-12);
        NDArray weights = org.cellpaintr.model.nn.OwnedTensors.of(manager, w, new Shape(pairs, b))
                .toType(embeddings.getDataType(), false);
        NDArray differences = weights.matMul(z);
        return differences.mul(differences).sum().div(pairs);
    }
}

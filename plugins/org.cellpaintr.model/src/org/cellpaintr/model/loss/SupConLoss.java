package org.cellpaintr.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Supervised contrastive loss (Khosla et al. 2020; docs/method.md §1.5), single view, every sample an anchor:
 * <pre>
 * z_i = e_i / |e_i|,   s_ij = z_i·z_j / τ
 * ℓ_i = -(1/|P(i)|) Σ_{p∈P(i)} log( exp(s_ip) / Σ_{k≠i} exp(s_ik) )      (ℓ_i = 0 when P(i) is empty)
 * L   = (τ/τ_base) · mean_i ℓ_i,  τ_base = τ
 * </pre>
 * P(i) = the other samples of the batch with the same label. A negative label means "no class": such a sample is
 * never anyone's positive and has none itself (it still appears in every denominator), which is how negative
 * controls can be excluded as positives.
 */
public final class SupConLoss {

    private SupConLoss() {
    }

    /**
     * Positive weights W_ij = [j∈P(i)] / max(1, |P(i)|), computed on the host from the labels.
     *
     * @return row-major B×B
     */
    public static float[] positiveWeights(int[] labels) {
        int b = labels.length;
        float[] w = new float[b * b];
        for (int i = 0; i < b; i++) {
            if (labels[i] < 0) {
                continue;
            }
            int count = 0;
            for (int j = 0; j < b; j++) {
                if (j != i && labels[j] == labels[i]) {
                    count++;
                }
            }
            for (int j = 0; j < b && count > 0; j++) {
                if (j != i && labels[j] == labels[i]) {
                    w[i * b + j] = 1f / count;
                }
            }
        }
        return w;
    }

    /** True when at least one anchor has a positive, i.e. the loss can be non-zero. */
    public static boolean hasPositives(int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            for (int j = i + 1; j < labels.length; j++) {
                if (labels[i] >= 0 && labels[i] == labels[j]) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param embeddings (B, D), not normalised
     * @param labels class of each row (negative: no class)
     * @param temperature τ
     * @param manager where the small label-derived tensors are created
     * @return scalar
     */
    public static NDArray compute(NDArray embeddings, int[] labels, double temperature, NDManager manager) {
        int b = labels.length;
        if (embeddings.getShape().get(0) != b) {
            throw new IllegalArgumentException("SupCon got " + embeddings.getShape().get(0) + " embeddings and "
                    + b + " labels");
        }
        NDArray z = embeddings.normalize(2, 1, 1e-12);
        NDArray sim = z.matMul(z.transpose()).div(temperature);
        // the max shift only stabilises exp(); it carries no gradient (as in the reference implementation)
        NDArray shifted = sim.sub(sim.max(new int[] {1}, true).stopGradient());
        float[] offDiagonal = new float[b * b];
        java.util.Arrays.fill(offDiagonal, 1f);
        for (int i = 0; i < b; i++) {
            offDiagonal[i * b + i] = 0f;
        }
        NDArray notSelf = org.cellpaintr.model.nn.OwnedTensors.of(manager, offDiagonal, new Shape(b, b)).toType(embeddings.getDataType(), false);
        NDArray denominator = shifted.exp().mul(notSelf).sum(new int[] {1}, true).log();
        NDArray logProb = shifted.sub(denominator);
        NDArray weights = org.cellpaintr.model.nn.OwnedTensors.of(manager, positiveWeights(labels), new Shape(b, b))
                .toType(embeddings.getDataType(), false);
        return logProb.mul(weights).sum().div(-b);
    }
}

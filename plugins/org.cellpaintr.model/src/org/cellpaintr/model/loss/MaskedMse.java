package org.cellpaintr.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * Mean squared error over the masked positions only (docs/method.md §1.5, §2.1). Positions holding exactly 0 are
 * never masked (the masker guarantees it), so they are never targets either.
 */
public final class MaskedMse {

    private MaskedMse() {
    }

    /**
     * @param predicted (B, F)
     * @param target original values (B, F)
     * @param maskWeights (B, F): 1 at masked positions, 0 elsewhere
     * @param maskedCount number of ones in {@code maskWeights} (known on the host, so no device reduction or sync
     *     is needed); with no masked position the loss is 0
     * @return scalar
     */
    public static NDArray compute(NDArray predicted, NDArray target, NDArray maskWeights, long maskedCount) {
        try (NDArray diff = predicted.sub(target); NDArray sq = diff.square(); NDArray masked = sq.mul(maskWeights);
                NDArray sum = masked.sum()) {
            return sum.div(Math.max(1, maskedCount));
        }
    }
}

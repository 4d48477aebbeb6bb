package org.cellpaintr.model.optim;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * Global-norm gradient clipping as torch.nn.utils.clip_grad_norm_: the L2 norm over all gradients together; when it
 * exceeds {@code maxNorm}, every gradient is scaled by {@code maxNorm / (norm + 1e-6)}. (DJL's {@code optClipGrad}
 * clamps each element from above, which is something else.)
 */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * The global L2 norm of {@code gradients} as a host value (one scalar copied back): NaN or infinite when any
     * gradient is.
     */
    public static double globalNorm(List<NDArray> gradients) {
        if (gradients.isEmpty()) {
            return 0;
        }
        NDList squares = new NDList(gradients.size());
        for (NDArray g : gradients) {
            squares.add(g.toType(DataType.FLOAT64, false).square().sum().reshape(1));
        }
        return Math.sqrt(NDArrays.concat(squares).sum().toType(DataType.FLOAT64, false).getDouble());
    }

    /**
     * Scales {@code gradients} in place when {@code norm} exceeds {@code maxNorm} (callers must have autograd
     * recording off).
     *
     * @return the factor applied (1 when nothing was scaled)
     */
    public static double clip(List<NDArray> gradients, double norm, double maxNorm) {
        if (!(maxNorm > 0) || !(norm > maxNorm)) {
            return 1;
        }
        double coef = maxNorm / (norm + 1e-6);
        for (NDArray g : gradients) {
            g.muli(coef);
        }
        return coef;
    }
}

package org.cellpaintr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;

import org.cellpaintr.model.loss.LossWeights;
import org.cellpaintr.model.masking.MaskSample;
import org.cellpaintr.model.nn.BlockRecompute;
import org.cellpaintr.model.nn.CellPainTREncoder;

/**
 * The scope of one training step. Everything the step allocates (inputs, activations, the autograd graph, gradient
 * handles, optimiser temporaries) is freed by {@link #close()}, so memory stays flat across steps; parameter values,
 * their gradients and optimiser state live outside it.
 *
 * <pre>
 * try (TrainingStep step = model.newTrainingStep()) {
 *     StepLosses l = step.forwardBackward(batch, model.sampleMask(batch, rng));
 *     if (l.finite()) optimizer.step(model);   // reads the gradients inside the step
 * }
 * </pre>
 * Not thread-safe; DJL allows one gradient collection at a time per JVM.
 */
public final class TrainingStep implements AutoCloseable {

    private final CellPainTRModel model;
    private final NDScope scope;
    private final NDManager manager;

    TrainingStep(CellPainTRModel model) {
        this.model = model;
        this.scope = new NDScope();
        this.manager = model.manager().newSubManager();
    }

    /** The step's manager (a child of the model's). */
    public NDManager manager() {
        return manager;
    }

    /**
     * Zeroes the gradients, runs the training forward pass (dropout seeded by {@code batch.dropoutSeed()}), reads
     * the losses back (one small device-to-host copy) and, when they are finite, back-propagates the total.
     */
    public StepLosses forwardBackward(TrainingBatch batch, MaskSample mask) {
        return forwardBackward(batch, mask, model.configuredLossWeights());
    }

    /** As {@link #forwardBackward(TrainingBatch, MaskSample)} with explicit loss weights. */
    public StepLosses forwardBackward(TrainingBatch batch, MaskSample mask, LossWeights weights) {
        int micro = model.trainingMicroBatch();
        if (micro > 0 && micro < batch.rows()) {
            return microBatched(batch, mask, weights, micro);
        }
        model.zeroGradients();
        seedDropout(batch.dropoutSeed());
        CellPainTREncoder encoder = model.network().encoder();
        try (GradientCollector gc = model.engine().newGradientCollector();
                BlockRecompute recompute = model.recomputesActivations()
                        ? new BlockRecompute(model.engine(), batch.dropoutSeed()) : null) {
            NDArray[] l = recorded(encoder, recompute, () -> model.losses(manager, batch, mask, true, weights));
            double[] v = read(l);
            boolean finite = Double.isFinite(v[0]);
            if (finite) {
                gc.backward(l[0]);
                if (recompute != null) {
                    recompute.backward(gc);
                }
            }
            return new StepLosses(v[0], v[1], v[2], mask.ratio(), mask.maskedCount(), finite);
        }
    }

    /**
     * The step in micro-batches of {@code micro} wells (see {@link CellPainTRModel#trainingMicroBatch()}): the same
     * gradient as one pass over the batch. Micro-batch k seeds dropout with the batch's seed and k, in both of its
     * passes, so its two passes draw the same masks.
     */
    private StepLosses microBatched(TrainingBatch batch, MaskSample mask, LossWeights weights, int micro) {
        model.zeroGradients();
        int b = batch.rows();
        int parts = (b + micro - 1) / micro;
        double scale = weights.mse() / (weights.mseRelative()
                ? LossWeights.maskedTargetVariance(batch.values(), mask.masked()) : 1);
        CellPainTREncoder encoder = model.network().encoder();
        try (GradientCollector gc = model.engine().newGradientCollector()) {
            NDArray clsGradient = null;
            double contrastive = 0;
            double sup = Double.NaN;
            if (CellPainTRModel.contrastive(batch, weights)) {
                NDList rows = new NDList(parts);
                try (org.cellpaintr.model.nn.GradMode off = org.cellpaintr.model.nn.GradMode.off(model.engine())) {
                    for (int k = 0; k < parts; k++) {
                        seedDropout(partSeed(batch, k));
                        NDArray[] r = model.trainingRows(manager, batch, mask, k * micro, Math.min(b, (k + 1) * micro));
                        rows.add(r[1]);
                    }
                }
                NDArray cls = NDArrays.concat(rows);
                cls.setRequiresGradient(true);
                NDArray[] c = model.contrastiveTerms(manager, cls, batch, weights);
                contrastive = c[0].toType(DataType.FLOAT64, false).getDouble();
                sup = c[1] == null ? Double.NaN : c[1].toType(DataType.FLOAT64, false).getDouble();
                if (!Double.isFinite(contrastive)) {
                    return new StepLosses(contrastive, Double.NaN, sup, mask.ratio(), mask.maskedCount(), false);
                }
                gc.backward(c[0]);
                clsGradient = cls.getGradient().duplicate();
            }
            double mse = 0;
            double mseTerm = 0;
            for (int k = 0; k < parts; k++) {
                int from = k * micro;
                int to = Math.min(b, from + micro);
                seedDropout(partSeed(batch, k));
                try (BlockRecompute recompute = model.recomputesActivations()
                        ? new BlockRecompute(model.engine(), partSeed(batch, k)) : null) {
                    NDArray[] r = recorded(encoder, recompute,
                            () -> model.trainingRows(manager, batch, mask, from, to));
                    NDArray term = scale == 1 ? r[0] : r[0].mul((float) scale);
                    NDArray surrogate = term;
                    if (clsGradient != null) {
                        try (NDArray g = clsGradient.get(from + ":" + to); NDArray dot = r[1].mul(g).sum()) {
                            surrogate = term.add(dot);
                        }
                    }
                    double part = r[0].toType(DataType.FLOAT64, false).getDouble();
                    if (!Double.isFinite(part)) {
                        model.zeroGradients();
                        return new StepLosses(part, part, sup, mask.ratio(), mask.maskedCount(), false);
                    }
                    mse += part;
                    mseTerm += part * scale;
                    gc.backward(surrogate);
                    if (recompute != null) {
                        recompute.backward(gc);
                    }
                }
            }
            double total = mseTerm + contrastive;
            return new StepLosses(total, mse, sup, mask.ratio(), mask.maskedCount(), Double.isFinite(total));
        }
    }

    private static long partSeed(TrainingBatch batch, int part) {
        return batch.dropoutSeed() * 1_000_003L + part;
    }

    /** Seeds libtorch's generator for the dropout masks of a forward pass (only when the model has dropout). */
    private void seedDropout(long seed) {
        if (model.config().embedDropout() > 0 || model.config().residDropout() > 0) {
            model.engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
        }
    }

    /** A training forward pass whose encoder blocks record into {@code recompute} (null: store activations). */
    private static NDArray[] recorded(CellPainTREncoder encoder, BlockRecompute recompute,
            java.util.function.Supplier<NDArray[]> forward) {
        encoder.recordInto(recompute);
        try {
            return forward.get();
        } finally {
            encoder.recordInto(null);
        }
    }

    /** The same losses without dropout and without gradients (validation). */
    public StepLosses evaluate(TrainingBatch batch, MaskSample mask) {
        return evaluate(batch, mask, model.configuredLossWeights());
    }

    /** As {@link #evaluate(TrainingBatch, MaskSample)} with explicit loss weights. */
    public StepLosses evaluate(TrainingBatch batch, MaskSample mask, LossWeights weights) {
        try (org.cellpaintr.model.nn.GradMode off = org.cellpaintr.model.nn.GradMode.off(model.engine())) {
            NDArray[] l = model.losses(manager, batch, mask, false, weights);
            double[] v = read(l);
            return new StepLosses(v[0], v[1], v[2], mask.ratio(), mask.maskedCount(), Double.isFinite(v[0]));
        }
    }

    private static double[] read(NDArray[] l) {
        NDList parts = new NDList(l[0].reshape(1), l[1].reshape(1));
        if (l[2] != null) {
            parts.add(l[2].reshape(1));
        }
        double[] f = NDArrays.concat(parts).toType(DataType.FLOAT64, false).toDoubleArray();
        return new double[] {f[0], f[1], l[2] == null ? Double.NaN : f[2]};
    }

    @Override
    public void close() {
        scope.close();
        manager.close();
    }
}

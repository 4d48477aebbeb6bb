package org.cellpaintr.model.proxy;

import java.util.Locale;
import java.util.SplittableRandom;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.StepLosses;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.trainer.StageTrainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The learned strategy: one codebook row optimised on the new data's masked-modelling loss while every other
 * parameter stays frozen, with early stopping on a held-out part of the sample.
 *
 * <p>Why a host-side Adam on one row instead of the trainer's optimiser: only dModel numbers change, so the update is
 * trivial on the host, allocates no optimiser state for the whole network, and cannot touch any other row even in
 * principle. The update is Adam (β 0.9/0.999, ε 1e-8) after clipping the row's gradient to norm 1 (the authors'
 * clipping). The row ends at the vector with the lowest held-out loss seen, the starting vector included, so the
 * result is never worse on the held-out part than the start.
 */
final class TokenLearner {

    /** What learning did. */
    record Outcome(float[] vector, double heldOutBefore, double heldOutAfter, int epochsRun, int bestEpoch) {
    }

    private TokenLearner() {
    }

    static Outcome learn(CellPainTRModel model, String source, float[] start, MaskedLossSample training,
            MaskedLossSample heldOut, SelectProxySettings s, Progress progress) throws CanceledException {
        int row = model.sources().rowOf(source);
        model.setSourceVector(source, start);
        double before = heldOut.loss(model, row, Progress.NONE);
        double best = before;
        float[] bestVector = start.clone();
        int bestEpoch = 0;
        float[] current = start.clone();
        int d = current.length;
        double[] m = new double[d];
        double[] v = new double[d];
        long t = 0;
        int epochsRun = 0;
        int sinceBest = 0;
        model.setTrainable(StageTrainer.SOURCE_TABLE::equals);
        try {
            for (int epoch = 1; epoch <= s.maxEpochs() && sinceBest < s.patience(); epoch++) {
                int[] order = MaskedLossSample.drawRows(training.batches(), training.batches(),
                        MaskedLossSample.derive(s.seed(), "proxy-learn-order", epoch));
                for (int k = 0; k < order.length; k++) {
                    progress.checkCanceled();
                    int b = order[k];
                    long stepSeed = MaskedLossSample.derive(s.seed(), "proxy-learn-step", (long) epoch << 32 | k);
                    TrainingBatch batch = training.batch(b, row, stepSeed);
                    float[] g;
                    try (TrainingStep step = model.newTrainingStep()) {
                        StepLosses l = step.forwardBackward(batch, model.sampleMask(batch, new SplittableRandom(
                                stepSeed)));
                        g = l.finite() ? gradientRow(model, row) : null;
                        model.zeroGradients();
                    }
                    if (g == null || !finite(g)) {
                        continue; // a non-finite batch is skipped, as in training
                    }
                    t++;
                    clip(g, 1.0);
                    double bc1 = 1 - Math.pow(0.9, t);
                    double bc2 = 1 - Math.pow(0.999, t);
                    for (int i = 0; i < d; i++) {
                        m[i] = 0.9 * m[i] + 0.1 * g[i];
                        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                        current[i] -= (float) (s.learningRate() / bc1 * m[i] / (Math.sqrt(v[i] / bc2) + 1e-8));
                    }
                    model.setSourceVector(source, current);
                }
                epochsRun = epoch;
                double loss = heldOut.loss(model, row, Progress.NONE);
                if (loss < best) {
                    best = loss;
                    bestVector = current.clone();
                    bestEpoch = epoch;
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                progress.report((double) epoch / s.maxEpochs(), String.format(Locale.ROOT,
                        "learning token: epoch %d, held-out loss %.5f (start %.5f, best %.5f)", epoch, loss, before,
                        best));
            }
        } finally {
            model.setTrainable(name -> true);
            // also on cancellation: the row holds a valid vector (the best so far), never a half-updated one
            model.setSourceVector(source, bestVector);
        }
        return new Outcome(bestVector, before, best, epochsRun, bestEpoch);
    }

    private static float[] gradientRow(CellPainTRModel model, int row) {
        NDArray table = model.network().encoder().embedding().sourceTable().getArray();
        try (NDArray grad = table.getGradient(); NDArray r = grad.get(row);
                NDArray f = r.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    private static boolean finite(float[] g) {
        for (float x : g) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static void clip(float[] g, double maxNorm) {
        double sq = 0;
        for (float x : g) {
            sq += (double) x * x;
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            float c = (float) (maxNorm / (norm + 1e-6));
            for (int i = 0; i < g.length; i++) {
                g[i] *= c;
            }
        }
    }
}

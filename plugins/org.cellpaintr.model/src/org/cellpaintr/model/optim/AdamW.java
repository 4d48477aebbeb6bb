package org.cellpaintr.model.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.nn.GradMode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * AdamW (Loshchilov and Hutter) with torch.optim.AdamW's update, global-norm clipping and a skip for non-finite
 * gradients, written on NDArray in-place operations because DJL's built-in optimiser decays every parameter, clips
 * element-wise and adds eps without bias correction (DJL 0.36 {@code Optimizer.adamW()}; docs/method.md §2.2):
 * <pre>
 * p ← p·(1 − lr·wd)                 only for parameters selected by the decay rule
 * m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 * p ← p − lr/(1 − β1^t) · m / (sqrt(v)/sqrt(1 − β2^t) + eps)
 * </pre>
 * By default weight decay applies only to weight matrices (rank ≥ 2) outside the embedding tables: not to
 * LayerNorms, biases, sine frequencies, tokens or embedding tables. The state (m, v, step count) can be exported and
 * imported for checkpoints; it is allocated once, outside any training step.
 */
public final class AdamW implements AutoCloseable {

    /** Settings; {@link #authors()} is lr 1e-4, weight decay 0, betas (0.9, 0.999), eps 1e-8, clip 1.0. */
    public record Settings(double learningRate, double weightDecay, double beta1, double beta2, double eps,
            double clipNorm) {

        public Settings {
            if (!(learningRate >= 0) || !(weightDecay >= 0) || !(beta1 >= 0 && beta1 < 1)
                    || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(clipNorm >= 0)) {
                throw new IllegalArgumentException("invalid AdamW settings " + this);
            }
        }

        public static Settings authors() {
            return new Settings(1e-4, 0, 0.9, 0.999, 1e-8, 1.0);
        }

        public Settings withLearningRate(double lr) {
            return new Settings(lr, weightDecay, beta1, beta2, eps, clipNorm);
        }

        public Settings withWeightDecay(double wd) {
            return new Settings(learningRate, wd, beta1, beta2, eps, clipNorm);
        }

        public Settings withClipNorm(double c) {
            return new Settings(learningRate, weightDecay, beta1, beta2, eps, c);
        }
    }

    /** What one call of {@link #step} did. */
    public record Result(boolean applied, double gradientNorm, double clipFactor) {
    }

    /** The default decay rule: weight matrices only, embedding tables excluded. */
    public static final Predicate<Map.Entry<String, Parameter>> DEFAULT_DECAY = e ->
            e.getValue().getShape().dimension() >= 2 && !e.getKey().startsWith("encoder.embedding.");

    private final CellPainTRModel model;
    private final Settings settings;
    private final Predicate<Map.Entry<String, Parameter>> decay;
    private final NDManager stateManager;
    private final Map<String, NDArray[]> state = new LinkedHashMap<>();
    private long steps;

    /** An optimiser for every parameter of {@code model} (create it after the codebook has grown). */
    public AdamW(CellPainTRModel model, Settings settings) {
        this(model, settings, DEFAULT_DECAY);
    }

    public AdamW(CellPainTRModel model, Settings settings, Predicate<Map.Entry<String, Parameter>> decay) {
        this.model = model;
        this.settings = settings;
        this.decay = decay;
        this.stateManager = model.manager().newSubManager();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                Shape s = e.getValue().getShape();
                NDArray m = stateManager.zeros(s, model.dataType());
                NDArray v = stateManager.zeros(s, model.dataType());
                NDScope.unregister(m, v);
                state.put(e.getKey(), new NDArray[] {m, v});
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Number of applied updates so far (the t of the bias correction). */
    public long steps() {
        return steps;
    }

    /**
     * Clips and applies the gradients of the model's trainable parameters; call inside the training step, after
     * the backward pass. A non-finite gradient norm skips the update (nothing changes, not even the step count).
     * Gradients are zeroed afterwards either way.
     */
    public Result step() {
        return step(settings.learningRate());
    }

    /** As {@link #step()} with an explicit learning rate (for schedules). */
    public Result step(double learningRate) {
        List<String> names = new ArrayList<>();
        List<NDArray> params = new ArrayList<>();
        List<NDArray> grads = new ArrayList<>();
        List<Boolean> decays = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            NDArray p = e.getValue().getArray();
            if (!e.getValue().requiresGradient() || !p.hasGradient()) {
                continue;
            }
            NDArray[] mv = state.get(e.getKey());
            if (mv == null || !mv[0].getShape().equals(p.getShape())) {
                throw new IllegalStateException("Parameter " + e.getKey() + " changed shape after the optimiser "
                        + "was created (grow the source codebook before creating it)");
            }
            names.add(e.getKey());
            params.add(p);
            grads.add(p.getGradient());
            decays.add(settings.weightDecay() > 0 && decay.test(e));
        }
        double norm = GradientClipping.globalNorm(grads);
        if (!Double.isFinite(norm)) {
            model.zeroGradients();
            return new Result(false, norm, 0);
        }
        try (GradMode off = GradMode.off(model.djlModel().getNDManager().getEngine())) {
            double coef = GradientClipping.clip(grads, norm, settings.clipNorm());
            steps++;
            double b1 = settings.beta1();
            double b2 = settings.beta2();
            double bc1 = 1 - Math.pow(b1, steps);
            double bc2 = 1 - Math.pow(b2, steps);
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                NDArray g = grads.get(i);
                NDArray[] mv = state.get(names.get(i));
                if (decays.get(i)) {
                    p.muli(1 - learningRate * settings.weightDecay());
                }
                mv[0].muli(b1).addi(g.mul(1 - b1));
                mv[1].muli(b2).addi(g.square().muli(1 - b2));
                NDArray denom = mv[1].sqrt().divi(Math.sqrt(bc2)).addi(settings.eps());
                p.subi(mv[0].div(denom).muli(learningRate / bc1));
            }
            model.zeroGradients();
            return new Result(true, norm, coef);
        }
    }

    /** A copy of the state: per parameter name {m, v} as float arrays, plus the step count. */
    public Map<String, float[][]> exportState() {
        Map<String, float[][]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray[]> e : state.entrySet()) {
            out.put(e.getKey(), new float[][] {toFloats(e.getValue()[0]), toFloats(e.getValue()[1])});
        }
        return out;
    }

    /** Restores a state written by {@link #exportState()} together with its step count. */
    public void importState(Map<String, float[][]> values, long stepCount) {
        try (GradMode off = GradMode.off(model.djlModel().getNDManager().getEngine());
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray[]> e : state.entrySet()) {
                float[][] mv = values.get(e.getKey());
                if (mv == null) {
                    throw new IllegalArgumentException("Optimiser state lacks parameter " + e.getKey());
                }
                for (int k = 0; k < 2; k++) {
                    NDArray target = e.getValue()[k];
                    if (mv[k].length != target.size()) {
                        throw new IllegalArgumentException("Optimiser state for " + e.getKey() + " has "
                                + mv[k].length + " values, expected " + target.size());
                    }
                    NDArray src = org.cellpaintr.model.nn.OwnedTensors.of(stateManager, mv[k], target.getShape()).toType(target.getDataType(), false);
                    target.muli(0).addi(src);
                }
            }
        }
        steps = stepCount;
    }

    private static float[] toFloats(NDArray a) {
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    @Override
    public void close() {
        stateManager.close();
    }
}

package org.cellpaintr.model.trainer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of one training stage. {@link #authors(Stage)} gives the authors' values: batch 16, lr 1e-4 constant,
 * weight decay 0, clip 1.0, seed 42, epochs 3 / 8 / 6; stage 1 drops the last partial batch of a plate, stages 2-3 keep
 * it; stage 3 shuffles all rows together; {@link TrainingRecipe#authors()}. {@link #defaults(Stage)} is the same with
 * the {@link TrainingRecipe#standard(Stage) standard recipe} (schedule, loss balance, class-balanced batches and
 * zero padding in stages 2-3).
 *
 * @param stage the stage
 * @param epochs passes over the data
 * @param batchSize rows per batch
 * @param learningRate AdamW learning rate (constant)
 * @param weightDecay decoupled weight decay
 * @param decayEverything apply weight decay to norms, biases and embeddings as well (default: weight matrices only)
 * @param clipNorm global gradient-norm limit (0: no clipping)
 * @param seed seed of batching, masks and dropout
 * @param batching how batches are formed
 * @param dropLast drop the last partial batch of a group (or of the epoch)
 * @param sourceTableOnlyFirstEpoch train only the [SRC] codebook during the first epoch (authors' README, stage 2)
 * @param maxSkippedFraction stop with an error once more than this fraction of the run's batches (epochs x batches
 *     per epoch, rounded down) had a non-finite loss or gradient
 * @param recipe schedule, mask ratios, loss balance, sampling and augmentation ({@link TrainingRecipe}); with
 *     class-balanced sampling the sampler sets the training batch size ({@code batchSize} still sizes stage 1 and
 *     validation batches)
 */
public record TrainerSettings(Stage stage, int epochs, int batchSize, double learningRate, double weightDecay,
        boolean decayEverything, double clipNorm, long seed, Batching batching, boolean dropLast,
        boolean sourceTableOnlyFirstEpoch, double maxSkippedFraction, TrainingRecipe recipe) {

    public TrainerSettings {
        if (stage == null || batching == null || recipe == null) {
            throw new IllegalArgumentException("stage, batching and recipe are required");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be >= 2, got " + batchSize);
        }
        if (!(learningRate > 0) || !(weightDecay >= 0) || !(clipNorm >= 0) || !Double.isFinite(learningRate)
                || !Double.isFinite(weightDecay) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, weight decay and clip norm "
                    + "finite and >= 0");
        }
        if (!(maxSkippedFraction >= 0 && maxSkippedFraction <= 1)) {
            throw new IllegalArgumentException("the skip limit must be a fraction of the batches in [0, 1], got "
                    + maxSkippedFraction);
        }
    }

    /**
     * Default skip limit: 5% of the run's batches. Why a fraction: a fixed count lets a small run diverge (every batch
     * after the first skipped) and still succeed, and stops a very long run for a handful of outliers.
     */
    public static final double DEFAULT_MAX_SKIPPED_FRACTION = 0.05;

    /** The most batches a run of {@code totalBatches} may skip before it stops. */
    public long maxSkippedBatches(long totalBatches) {
        return (long) Math.floor(maxSkippedFraction * totalBatches);
    }

    /** The authors' settings for {@code stage}, with the {@link TrainingRecipe#standard(Stage) standard recipe}. */
    public static TrainerSettings defaults(Stage stage) {
        return authors(stage).withRecipe(TrainingRecipe.standard(stage));
    }

    /** The authors' settings for {@code stage}, recipe included: the 2024 code's training exactly. */
    public static TrainerSettings authors(Stage stage) {
        return new TrainerSettings(stage, stage.defaultEpochs(), 16, 1e-4, 0, false, 1.0, 42,
                stage == Stage.INTER_SOURCE ? Batching.GLOBAL_SHUFFLE : Batching.WITHIN_GROUP,
                stage == Stage.MASKED_MODELLING, false, DEFAULT_MAX_SKIPPED_FRACTION, TrainingRecipe.authors());
    }

    public TrainerSettings withRecipe(TrainingRecipe v) {
        return new TrainerSettings(stage, epochs, batchSize, learningRate, weightDecay, decayEverything, clipNorm, seed,
                batching, dropLast, sourceTableOnlyFirstEpoch, maxSkippedFraction, v);
    }

    public TrainerSettings withEpochs(int v) {
        return new TrainerSettings(stage, v, batchSize, learningRate, weightDecay, decayEverything, clipNorm, seed,
                batching, dropLast, sourceTableOnlyFirstEpoch, maxSkippedFraction, recipe);
    }

    public TrainerSettings withBatchSize(int v) {
        return new TrainerSettings(stage, epochs, v, learningRate, weightDecay, decayEverything, clipNorm, seed,
                batching, dropLast, sourceTableOnlyFirstEpoch, maxSkippedFraction, recipe);
    }

    public TrainerSettings withLearningRate(double v) {
        return new TrainerSettings(stage, epochs, batchSize, v, weightDecay, decayEverything, clipNorm, seed,
                batching, dropLast, sourceTableOnlyFirstEpoch, maxSkippedFraction, recipe);
    }

    public TrainerSettings withWeightDecay(double v, boolean everything) {
        return new TrainerSettings(stage, epochs, batchSize, learningRate, v, everything, clipNorm, seed, batching,
                dropLast, sourceTableOnlyFirstEpoch, maxSkippedFraction, recipe);
    }

    public TrainerSettings withClipNorm(double v) {
        return new TrainerSettings(stage, epochs, batchSize, learningRate, weightDecay, decayEverything, v, seed,
                batching, dropLast, sourceTableOnlyFirstEpoch, maxSkippedFraction, recipe);
    }

    public TrainerSettings withSeed(long v) {
        return new TrainerSettings(stage, epochs, batchSize, learningRate, weightDecay, decayEverything, clipNorm, v,
                batching, dropLast, sourceTableOnlyFirstEpoch, maxSkippedFraction, recipe);
    }

    public TrainerSettings withBatching(Batching v, boolean dropLastBatch) {
        return new TrainerSettings(stage, epochs, batchSize, learningRate, weightDecay, decayEverything, clipNorm, seed,
                v, dropLastBatch, sourceTableOnlyFirstEpoch, maxSkippedFraction, recipe);
    }

    public TrainerSettings withSourceTableOnlyFirstEpoch(boolean v) {
        return new TrainerSettings(stage, epochs, batchSize, learningRate, weightDecay, decayEverything, clipNorm, seed,
                batching, dropLast, v, maxSkippedFraction, recipe);
    }

    public TrainerSettings withMaxSkippedFraction(double v) {
        return new TrainerSettings(stage, epochs, batchSize, learningRate, weightDecay, decayEverything, clipNorm, seed,
                batching, dropLast, sourceTableOnlyFirstEpoch, v, recipe);
    }

    /** The settings as text, for provenance and checkpoint matching. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("stage", stage.label());
        m.put("epochs", String.valueOf(epochs));
        m.put("batchSize", String.valueOf(batchSize));
        m.put("learningRate", String.valueOf(learningRate));
        m.put("weightDecay", String.valueOf(weightDecay));
        m.put("decayEverything", String.valueOf(decayEverything));
        m.put("clipNorm", String.valueOf(clipNorm));
        m.put("seed", String.valueOf(seed));
        m.put("batching", batching.name().toLowerCase(Locale.ROOT));
        m.put("dropLast", String.valueOf(dropLast));
        m.put("sourceTableOnlyFirstEpoch", String.valueOf(sourceTableOnlyFirstEpoch));
        m.put("maxSkippedFraction", String.valueOf(maxSkippedFraction));
        m.putAll(recipe.asMap());
        return m;
    }
}

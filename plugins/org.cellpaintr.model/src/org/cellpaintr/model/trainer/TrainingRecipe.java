package org.cellpaintr.model.trainer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The training recipe of a stage: learning-rate schedule and length, mask ratios, loss balance, batch sampling and
 * zero-padding augmentation (docs/model.md "Training recipe"). Two presets:
 * <ul>
 * <li>{@link #authors()}: the authors' 2024 code exactly (constant learning rate, epochs decide the length, the
 * model's mask ratios, masked MSE + 1 × SupCon at the model's temperature, their batching, no augmentation);</li>
 * <li>{@link #standard(Stage)}: the default: linear warm-up and cosine decay, a masked MSE measured relative to the
 * variance of its targets (so that predict-the-mean scores 1 whichever normalisation made the data, and SupCon gets a
 * comparable share in stages 2-3), and in stages 2-3 class-balanced batches and zero-padding augmentation.</li>
 * </ul>
 *
 * @param preset name of the preset this recipe started from (informational: "authors", "standard" or "custom")
 * @param schedule length and learning-rate shape
 * @param maskRatioMin lower end of the per-batch mask ratio; NaN: the model configuration's
 * @param maskRatioMax upper end of the per-batch mask ratio; NaN: the model configuration's
 * @param loss weights of the two losses and the SupCon temperature
 * @param sampling class-balanced batches for stages 2-3, or null for the batching of {@link TrainerSettings}
 * @param zeroPadding random feature subsets set to 0 as Intersect Features does for missing features
 * @param sourceDropout probability that a training row's [SRC] is replaced by the learned "unknown source" vector
 *     ({@link #UNKNOWN_SOURCE}, a codebook row the trainer adds); 0: off. Why: a source token that is sometimes
 *     absent cannot carry everything that distinguishes a well, and the unknown-source row is a trained proxy for data
 *     from a new source
 */
public record TrainingRecipe(String preset, Schedule schedule, double maskRatioMin, double maskRatioMax,
        LossBalance loss, BalancedSampling sampling, ZeroPadding zeroPadding, double sourceDropout) {

    /** Codebook name of the shared source vector that source-token dropout puts in place of a row's own. */
    public static final String UNKNOWN_SOURCE = "(unknown source)";

    public TrainingRecipe {
        if (preset == null || schedule == null || loss == null || zeroPadding == null) {
            throw new IllegalArgumentException("preset, schedule, loss and zeroPadding are required");
        }
        if (Double.isNaN(maskRatioMin) != Double.isNaN(maskRatioMax)) {
            throw new IllegalArgumentException("give both ends of the mask ratio range, or neither");
        }
        if (!Double.isNaN(maskRatioMin) && !(maskRatioMin >= 0 && maskRatioMin < maskRatioMax && maskRatioMax <= 1)) {
            throw new IllegalArgumentException("mask ratio range must satisfy 0 <= min < max <= 1, got [" + maskRatioMin
                    + ", " + maskRatioMax + ")");
        }
        if (!(sourceDropout >= 0 && sourceDropout < 1)) {
            throw new IllegalArgumentException("source dropout must be a probability in [0, 1), got " + sourceDropout);
        }
    }

    /** Without source-token dropout. */
    public TrainingRecipe(String preset, Schedule schedule, double maskRatioMin, double maskRatioMax,
            LossBalance loss, BalancedSampling sampling, ZeroPadding zeroPadding) {
        this(preset, schedule, maskRatioMin, maskRatioMax, loss, sampling, zeroPadding, 0);
    }

    /**
     * Source-token dropout of one batch: every row's source becomes {@code unknownRow} with probability
     * {@link #sourceDropout()}, in place.
     *
     * @return number of rows replaced
     */
    public int dropSources(int[] sourceRows, int unknownRow, java.util.SplittableRandom rng) {
        if (sourceDropout == 0) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < sourceRows.length; i++) {
            if (rng.nextDouble() < sourceDropout) {
                sourceRows[i] = unknownRow;
                n++;
            }
        }
        return n;
    }

    /**
     * How long a stage trains and how its learning rate moves: {@code lr(s) = peak · s / warmup} during the warm-up
     * steps, then a cosine from the peak down to {@code peak · finalFraction} at the last step.
     *
     * @param steps optimiser steps of the stage; 0: the epochs of {@link TrainerSettings} decide
     * @param warmupFraction share of the steps with a linear warm-up (0: none)
     * @param finalFraction learning rate at the end as a share of the peak (1: constant, the authors')
     */
    public record Schedule(int steps, double warmupFraction, double finalFraction) {
        public Schedule {
            if (steps < 0) {
                throw new IllegalArgumentException("steps must be >= 0, got " + steps);
            }
            if (!(warmupFraction >= 0 && warmupFraction < 1)) {
                throw new IllegalArgumentException("warm-up fraction must be in [0, 1), got " + warmupFraction);
            }
            if (!(finalFraction >= 0 && finalFraction <= 1)) {
                throw new IllegalArgumentException("final learning-rate fraction must be in [0, 1], got "
                        + finalFraction);
            }
        }

        /** The authors' constant learning rate, length from the epochs. */
        public static Schedule constant() {
            return new Schedule(0, 0, 1);
        }

        /** Learning-rate multiplier of 1-based step {@code step} out of {@code total}. */
        public double factor(long step, long total) {
            long warm = (long) Math.floor(warmupFraction * total);
            if (step <= warm) {
                return step / (double) Math.max(1, warm);
            }
            if (finalFraction == 1 || total <= warm + 1) {
                return 1;
            }
            double progress = (step - warm - 1) / (double) (total - warm - 1);
            return finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }

        public Schedule withSteps(int v) {
            return new Schedule(v, warmupFraction, finalFraction);
        }
    }

    /**
     * The stage-2/3 total loss {@code mseWeight · MSE + supConWeight · SupCon(τ) + alignmentWeight · A}.
     *
     * @param mseWeight weight of the masked MSE
     * @param mseRelative divide the masked MSE by the variance of its targets in the batch (a constant, no gradient),
     *     so that predicting the mean scores about 1 under any normalisation; false: the authors' plain MSE
     * @param supConWeight weight of SupCon; NaN: the model configuration's
     * @param temperature SupCon temperature τ; NaN: the model configuration's
     * @param alignmentWeight weight of the cross-source alignment of the controls' mean embeddings
     *     ({@link org.cellpaintr.model.loss.SourceAlignment}); 0: off. With class-balanced sampling it also makes
     *     every batch draw its controls from the sources in turn, so that each source has controls to align.
     */
    public record LossBalance(double mseWeight, boolean mseRelative, double supConWeight, double temperature,
            double alignmentWeight) {
        public LossBalance {
            if (!(mseWeight >= 0) || Double.isInfinite(mseWeight)) {
                throw new IllegalArgumentException("MSE weight must be >= 0, got " + mseWeight);
            }
            if (!(alignmentWeight >= 0) || Double.isInfinite(alignmentWeight)) {
                throw new IllegalArgumentException("alignment weight must be >= 0, got " + alignmentWeight);
            }
            if (!Double.isNaN(supConWeight) && (!(supConWeight >= 0) || Double.isInfinite(supConWeight))) {
                throw new IllegalArgumentException("SupCon weight must be >= 0, got " + supConWeight);
            }
            if (!Double.isNaN(temperature) && (!(temperature > 0) || Double.isInfinite(temperature))) {
                throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
            }
        }

        /** Without the alignment term. */
        public LossBalance(double mseWeight, boolean mseRelative, double supConWeight, double temperature) {
            this(mseWeight, mseRelative, supConWeight, temperature, 0);
        }

        public LossBalance withAlignmentWeight(double v) {
            return new LossBalance(mseWeight, mseRelative, supConWeight, temperature, v);
        }

        /** The model configuration's values (the authors': 1 × MSE + 1 × SupCon at τ = 0.07). */
        public static LossBalance authors() {
            return new LossBalance(1, false, Double.NaN, Double.NaN);
        }

        public double supConWeightOr(double modelValue) {
            return Double.isNaN(supConWeight) ? modelValue : supConWeight;
        }

        public double temperatureOr(double modelValue) {
            return Double.isNaN(temperature) ? modelValue : temperature;
        }
    }

    /**
     * Class-balanced batches ("P × K" sampling, as in metric learning): every batch holds {@code labels} randomly
     * chosen labelled classes with {@code replicates} rows each (drawn without replacement within an epoch where a
     * class has enough rows), plus at most {@code maxControls} rows without a class (negative controls, unlabelled
     * wells). The batch size is {@code labels × replicates + maxControls}; an epoch has as many batches as
     * ceil(rows / batch size).
     */
    public record BalancedSampling(int labels, int replicates, int maxControls) {
        public BalancedSampling {
            if (labels < 2 || replicates < 2 || maxControls < 0) {
                throw new IllegalArgumentException("class-balanced sampling needs >= 2 labels and >= 2 replicates "
                        + "per batch and >= 0 controls, got " + labels + " × " + replicates + " + " + maxControls);
            }
        }

        public int batchSize() {
            return labels * replicates + maxControls;
        }
    }

    /**
     * Zero-padding augmentation: a row is padded with probability {@code rowProbability}; a padded row gets a share
     * q ~ U[minFraction, maxFraction] of its features set to exactly 0, the value Intersect Features gives a feature
     * another dataset lacks. Zeros are never masked nor reconstruction targets, so the model learns to embed a
     * feature subset as it will see one. Training only; validation rows are never padded.
     */
    public record ZeroPadding(double rowProbability, double minFraction, double maxFraction) {
        public ZeroPadding {
            if (!(rowProbability >= 0 && rowProbability <= 1) || !(minFraction >= 0 && minFraction <= maxFraction
                    && maxFraction < 1)) {
                throw new IllegalArgumentException("zero padding needs a probability in [0, 1] and fractions "
                        + "0 <= min <= max < 1, got " + rowProbability + ", [" + minFraction + ", " + maxFraction
                        + "]");
            }
        }

        public static ZeroPadding off() {
            return new ZeroPadding(0, 0, 0);
        }

        public boolean active() {
            return rowProbability > 0 && maxFraction > 0;
        }

        /**
         * Pads rows of a row-major (rows × features) batch in place: each row with probability
         * {@code rowProbability} gets round(q · features) distinct features, q ~ U[min, max], set to 0.
         *
         * @return number of values set to 0 (including values that were 0 already)
         */
        public int apply(float[] values, int rows, java.util.SplittableRandom rng) {
            if (!active()) {
                return 0;
            }
            int f = values.length / rows;
            int[] order = new int[f];
            int zeroed = 0;
            for (int r = 0; r < rows; r++) {
                if (rng.nextDouble() >= rowProbability) {
                    continue;
                }
                double q = minFraction + (maxFraction - minFraction) * rng.nextDouble();
                int k = (int) Math.round(q * f);
                for (int i = 0; i < f; i++) {
                    order[i] = i;
                }
                // partial Fisher-Yates: the first k entries are a uniform random k-subset
                for (int i = 0; i < k; i++) {
                    int j = i + rng.nextInt(f - i);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                    values[r * f + order[i]] = 0f;
                }
                zeroed += k;
            }
            return zeroed;
        }
    }

    /** The authors' 2024 training exactly (the behaviour before recipes existed). */
    public static TrainingRecipe authors() {
        return new TrainingRecipe("authors", Schedule.constant(), Double.NaN, Double.NaN, LossBalance.authors(), null,
                ZeroPadding.off());
    }

    /**
     * The default recipe for {@code stage}: warm-up over 5% of the steps and cosine decay to 10% of the peak; the
     * model's mask ratios; relative masked MSE; in stages 2-3 the MSE at weight 0.5 next to SupCon at weight 1 and
     * τ = 0.2, class-balanced batches of 8 compounds × 4 replicates + 8 controls, and half of the rows zero-padded
     * at 10-50% of the features (a dataset from another lab can lack a large share of the features, which Intersect
     * Features pads with zeros), and source-token dropout 0.5 (held-out Dahlin wells: overall 0.611 and 0.615 against
     * 0.582 without it, bio unchanged; docs/evaluation.md).
     */
    public static TrainingRecipe standard(Stage stage) {
        Schedule schedule = new Schedule(0, 0.05, 0.1);
        if (!stage.contrastive()) {
            return new TrainingRecipe("standard", schedule, Double.NaN, Double.NaN,
                    new LossBalance(1, true, Double.NaN, Double.NaN), null, ZeroPadding.off());
        }
        return new TrainingRecipe("standard", schedule, Double.NaN, Double.NaN, new LossBalance(0.5, true, 1, 0.2),
                new BalancedSampling(8, 4, 8), new ZeroPadding(0.5, 0.1, 0.5), 0.5);
    }

    public TrainingRecipe withSchedule(Schedule v) {
        return new TrainingRecipe("custom", v, maskRatioMin, maskRatioMax, loss, sampling, zeroPadding, sourceDropout);
    }

    public TrainingRecipe withSteps(int steps) {
        return withSchedule(schedule.withSteps(steps));
    }

    public TrainingRecipe withMaskRatio(double min, double max) {
        return new TrainingRecipe("custom", schedule, min, max, loss, sampling, zeroPadding, sourceDropout);
    }

    public TrainingRecipe withLoss(LossBalance v) {
        return new TrainingRecipe("custom", schedule, maskRatioMin, maskRatioMax, v, sampling, zeroPadding,
                sourceDropout);
    }

    /** null: the batching of {@link TrainerSettings}. */
    public TrainingRecipe withSampling(BalancedSampling v) {
        return new TrainingRecipe("custom", schedule, maskRatioMin, maskRatioMax, loss, v, zeroPadding,
                sourceDropout);
    }

    public TrainingRecipe withZeroPadding(ZeroPadding v) {
        return new TrainingRecipe("custom", schedule, maskRatioMin, maskRatioMax, loss, sampling, v,
                sourceDropout);
    }

    /** Source-token dropout probability (0: off); see {@link #sourceDropout()}. */
    public TrainingRecipe withSourceDropout(double p) {
        return new TrainingRecipe("custom", schedule, maskRatioMin, maskRatioMax, loss, sampling, zeroPadding, p);
    }

    /** The recipe as text, for provenance and checkpoint matching. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("recipe", preset);
        m.put("steps", String.valueOf(schedule.steps()));
        m.put("warmupFraction", String.valueOf(schedule.warmupFraction()));
        m.put("finalLearningRateFraction", String.valueOf(schedule.finalFraction()));
        m.put("maskRatio", Double.isNaN(maskRatioMin) ? "model" : maskRatioMin + "-" + maskRatioMax);
        m.put("mseWeight", String.valueOf(loss.mseWeight()));
        m.put("mseRelative", String.valueOf(loss.mseRelative()));
        m.put("supConWeight", Double.isNaN(loss.supConWeight()) ? "model" : String.valueOf(loss.supConWeight()));
        m.put("temperature", Double.isNaN(loss.temperature()) ? "model" : String.valueOf(loss.temperature()));
        if (loss.alignmentWeight() > 0) {
            // only when on: records and checkpoints written before the term existed keep matching
            m.put("alignmentWeight", String.valueOf(loss.alignmentWeight()));
        }
        m.put("sampling", sampling == null ? "batching" : String.format(Locale.ROOT, "balanced %d x %d + %d",
                sampling.labels(), sampling.replicates(), sampling.maxControls()));
        m.put("zeroPadding", zeroPadding.active() ? String.format(Locale.ROOT, "p %s, %s-%s",
                zeroPadding.rowProbability(), zeroPadding.minFraction(), zeroPadding.maxFraction()) : "off");
        if (sourceDropout > 0) {
            // only when on: records and checkpoints written before the setting existed keep matching
            m.put("sourceDropout", String.valueOf(sourceDropout));
        }
        return m;
    }
}

package org.cellpaintr.model.trainer;

import java.util.Locale;

/**
 * The text forms of a {@link TrainingRecipe}'s compound values, shared by {@code cellpaintr train}'s options and the
 * Train Stage node's saved settings (the same keys), so that a value written by one is read by the other:
 * {@code balanced:P,K,C} or {@code batching} for the sampler, {@code MIN,MAX} for a range, and an empty text for "the
 * model configuration's value" (NaN in the record).
 */
public final class RecipeText {

    /** The sampler value that keeps {@link TrainerSettings#batching()} (the authors' batches). */
    public static final String BATCHING = "batching";

    private RecipeText() {
    }

    /** A named recipe: {@code standard} (also for {@code custom}: the standard recipe, then the single values) or
     * {@code authors}. */
    public static TrainingRecipe preset(String name, Stage stage) {
        return switch (name == null ? "" : name.trim()) {
            case "standard", "custom" -> TrainingRecipe.standard(stage);
            case "authors" -> TrainingRecipe.authors();
            default -> throw new IllegalArgumentException("use standard or authors, not '" + name + "'");
        };
    }

    /**
     * {@code recipe} under its preset's name when its values are the preset's ({@code with...} calls rename it
     * "custom"), so that settings that spell out a preset value by value record the preset, not "custom".
     */
    public static TrainingRecipe named(TrainingRecipe recipe, TrainingRecipe preset) {
        TrainingRecipe same = new TrainingRecipe(preset.preset(), recipe.schedule(), recipe.maskRatioMin(),
                recipe.maskRatioMax(), recipe.loss(), recipe.sampling(), recipe.zeroPadding(), recipe.sourceDropout());
        return same.equals(preset) ? preset : recipe;
    }

    public static String sampler(TrainingRecipe.BalancedSampling s) {
        return s == null ? BATCHING : "balanced:" + s.labels() + "," + s.replicates() + "," + s.maxControls();
    }

    /** null for {@code batching}; an error naming the expected form otherwise. */
    public static TrainingRecipe.BalancedSampling parseSampler(String text) {
        String v = text == null ? "" : text.trim();
        if (v.equals(BATCHING)) {
            return null;
        }
        if (v.startsWith("balanced:")) {
            String[] p = v.substring("balanced:".length()).split(",");
            if (p.length == 3) {
                try {
                    return new TrainingRecipe.BalancedSampling(Integer.parseInt(p[0].trim()),
                            Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()));
                } catch (NumberFormatException e) {
                    // fall through to the message below
                }
            }
        }
        throw new IllegalArgumentException("use balanced:P,K,C (e.g. balanced:8,4,8) or batching, not '" + text + "'");
    }

    /** {@code MIN,MAX}, or empty when {@code min} is NaN (the model configuration's range). */
    public static String range(double min, double max) {
        return Double.isNaN(min) ? "" : number(min) + "," + number(max);
    }

    /** Two finite numbers {@code MIN,MAX}; an empty text gives {NaN, NaN}. */
    public static double[] parseRange(String text) {
        if (text == null || text.isBlank()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        String[] p = text.split(",");
        try {
            if (p.length == 2) {
                double a = Double.parseDouble(p[0].trim());
                double b = Double.parseDouble(p[1].trim());
                if (Double.isFinite(a) && Double.isFinite(b)) {
                    return new double[] {a, b};
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("give two numbers MIN,MAX, not '" + text + "'");
    }

    /** The number, or empty for NaN (the model configuration's value). */
    public static String optional(double v) {
        return Double.isNaN(v) ? "" : number(v);
    }

    /** An empty text gives NaN; otherwise a finite number. */
    public static double parseOptional(String text) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("give a finite number or leave it empty, not '" + text + "'");
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}

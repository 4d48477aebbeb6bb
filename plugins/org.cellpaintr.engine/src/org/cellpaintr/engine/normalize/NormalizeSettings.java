package org.cellpaintr.engine.normalize;

import java.util.List;

import org.cellpaintr.engine.table.SettingsException;

/**
 * Settings of the Normalize operation. {@link #authors()} reproduces the CellPainTR authors' per-plate
 * preprocessing (docs/method.md §3.1), {@link #arevalo()} the batch-correction benchmark's {@code mad_int_featselect}
 * workflow (docs/method.md §3.2), {@link #centerOnControls} only moves each plate's control median to the origin (for
 * embeddings).
 *
 * @param plateColumns      columns whose values together identify a plate (statistics are per plate)
 * @param reference         which wells the per-plate statistics come from
 * @param controlColumn     column marking reference wells (when reference = CONTROLS)
 * @param controlValues     values of {@code controlColumn} that mark a reference well (e.g. DMSO, Negative)
 * @param noControlsFallback when a plate has no reference wells: fail (false) or use all its wells (true)
 * @param method            the scaling
 * @param madConsistency    multiply the MAD by 1.4826 (normal-consistent, the authors) or not (scipy default, Arevalo)
 * @param epsilon           added to the scale before dividing
 * @param nonFinite         what to do with NaN and +/-inf feature values
 * @param inverseNormal     rank-based inverse normal transform per feature over all wells (Blom)
 * @param tieSeed           seed of the random tie-breaking of the inverse normal transform's ranks
 * @param clip              clipping after scaling
 * @param clipLow           lower percentile (GLOBAL/PER_FEATURE) or bound (ABSOLUTE)
 * @param clipHigh          upper percentile or bound
 * @param dropLowMad        drop features whose reference MAD is 0 or |MAD/median| <= minCoefVar in any plate
 * @param minCoefVar        threshold of that rule (1e-3 as Arevalo)
 * @param varianceFilter    pycytominer's variance_threshold (freq_cut 0.05, unique_cut 0.01)
 * @param correlationThreshold drop one feature of each pair with |r| above this (pycytominer); NaN = off
 */
public record NormalizeSettings(
        List<String> plateColumns,
        Reference reference,
        String controlColumn,
        List<String> controlValues,
        boolean noControlsFallback,
        Method method,
        boolean madConsistency,
        double epsilon,
        NonFinite nonFinite,
        boolean inverseNormal,
        long tieSeed,
        Clip clip,
        double clipLow,
        double clipHigh,
        boolean dropLowMad,
        double minCoefVar,
        boolean varianceFilter,
        double correlationThreshold) {

    /** Where the per-plate statistics come from. */
    public enum Reference {
        /** Negative-control wells, chosen by a column and values. */
        CONTROLS,
        /** Every well of the plate. */
        ALL_WELLS
    }

    /** The per-plate scaling. */
    public enum Method {
        /** (x - median) / (MAD [* 1.4826] + epsilon). */
        ROBUST_MAD,
        /** (x - mean) / (standard deviation + epsilon). */
        ZSCORE,
        /**
         * x - median, no scaling: moves the reference wells' median to the origin and keeps every feature's spread
         * (e.g. for embeddings, whose cosine similarities depend on where the origin is but whose dimensions share
         * one scale).
         */
        CENTER,
        /** Leave values as they are (e.g. to apply only the inverse normal transform or selection). */
        NONE
    }

    /** Handling of NaN and infinite feature values. */
    public enum NonFinite {
        /** Replace by 0 before anything else (the authors). */
        ZERO,
        /** Drop every feature that holds one (Arevalo). */
        DROP_FEATURE,
        /** Refuse the table, naming rows and columns. */
        FAIL
    }

    /** Clipping after scaling. */
    public enum Clip {
        NONE,
        /** To the [clipLow, clipHigh] percentiles of all values of the plate (the authors' per-file rule). */
        GLOBAL_PERCENTILE,
        /** Each feature to its own [clipLow, clipHigh] percentiles over all wells. */
        PER_FEATURE_PERCENTILE,
        /** To the fixed bounds [clipLow, clipHigh]. */
        ABSOLUTE
    }

    public NormalizeSettings {
        plateColumns = plateColumns == null ? List.of() : List.copyOf(plateColumns);
        controlValues = controlValues == null ? List.of() : List.copyOf(controlValues);
    }

    /**
     * The CellPainTR authors' preprocessing (docs/method.md §3.1): DMSO-robust MAD x 1.4826 + 1e-6, NaN/inf -> 0,
     * 1/99 clip.
     */
    public static NormalizeSettings authors(List<String> plateColumns, String controlColumn, List<String> controlValues) {
        return new NormalizeSettings(plateColumns, Reference.CONTROLS, controlColumn, controlValues, false,
                Method.ROBUST_MAD, true, 1e-6, NonFinite.ZERO, false, 0L, Clip.GLOBAL_PERCENTILE, 1, 99,
                false, 1e-3, false, Double.NaN);
    }

    /** Arevalo et al.'s mad_int_featselect (docs/method.md §3.2). */
    public static NormalizeSettings arevalo(List<String> plateColumns, String controlColumn, List<String> controlValues) {
        return new NormalizeSettings(plateColumns, Reference.CONTROLS, controlColumn, controlValues, false,
                Method.ROBUST_MAD, false, 0, NonFinite.DROP_FEATURE, true, 0L, Clip.NONE, 1, 99,
                true, 1e-3, true, 0.9);
    }

    /**
     * Centring on the controls: per plate, every feature minus its median over the control wells; no scaling,
     * clipping, inverse normal transform or feature selection, and NaN or infinite values are refused. This is the
     * per-plate control normalisation of image-based profiling (Arevalo et al. 2024) reduced to the part that
     * suits a learned embedding: the embedding's dimensions already share one scale, and cosine similarity, which
     * every metric and nearest-neighbour search uses, depends on the origin (docs/evaluation.md, "Normalising the
     * embedding per plate").
     */
    public static NormalizeSettings centerOnControls(List<String> plateColumns, String controlColumn,
            List<String> controlValues) {
        return new NormalizeSettings(plateColumns, Reference.CONTROLS, controlColumn, controlValues, false,
                Method.CENTER, false, 0, NonFinite.FAIL, false, 0L, Clip.NONE, 1, 99, false, 1e-3, false, Double.NaN);
    }

    /** Named presets for the command line and the node dialog. */
    public static NormalizeSettings preset(String name, List<String> plateColumns, String controlColumn,
            List<String> controlValues) throws SettingsException {
        switch (name) {
            case "authors":
                return authors(plateColumns, controlColumn, controlValues);
            case "arevalo":
                return arevalo(plateColumns, controlColumn, controlValues);
            case "center":
                return centerOnControls(plateColumns, controlColumn, controlValues);
            default:
                throw new SettingsException("preset", "unknown preset '" + name + "' (authors, arevalo or center)");
        }
    }

    public NormalizeSettings withReference(Reference r, boolean fallback) {
        return new NormalizeSettings(plateColumns, r, controlColumn, controlValues, fallback, method, madConsistency,
                epsilon, nonFinite, inverseNormal, tieSeed, clip, clipLow, clipHigh, dropLowMad, minCoefVar,
                varianceFilter, correlationThreshold);
    }

    public NormalizeSettings withMethod(Method m, boolean consistency, double eps) {
        return new NormalizeSettings(plateColumns, reference, controlColumn, controlValues, noControlsFallback, m,
                consistency, eps, nonFinite, inverseNormal, tieSeed, clip, clipLow, clipHigh, dropLowMad, minCoefVar,
                varianceFilter, correlationThreshold);
    }

    public NormalizeSettings withClip(Clip c, double low, double high) {
        return new NormalizeSettings(plateColumns, reference, controlColumn, controlValues, noControlsFallback,
                method, madConsistency, epsilon, nonFinite, inverseNormal, tieSeed, c, low, high, dropLowMad,
                minCoefVar, varianceFilter, correlationThreshold);
    }

    public NormalizeSettings withSelection(NonFinite nf, boolean lowMad, boolean variance, double correlation) {
        return new NormalizeSettings(plateColumns, reference, controlColumn, controlValues, noControlsFallback,
                method, madConsistency, epsilon, nf, inverseNormal, tieSeed, clip, clipLow, clipHigh, lowMad,
                minCoefVar, variance, correlation);
    }

    public NormalizeSettings withInverseNormal(boolean on, long seed) {
        return new NormalizeSettings(plateColumns, reference, controlColumn, controlValues, noControlsFallback,
                method, madConsistency, epsilon, nonFinite, on, seed, clip, clipLow, clipHigh, dropLowMad, minCoefVar,
                varianceFilter, correlationThreshold);
    }

    /** Checks values that do not depend on the input table. */
    void validateValues() throws SettingsException {
        if (plateColumns.isEmpty()) {
            throw new SettingsException("plate columns", "choose at least one column that identifies the plate");
        }
        if (reference == Reference.CONTROLS) {
            if (controlColumn == null || controlColumn.isBlank()) {
                throw new SettingsException("control column", "choose the column that marks negative controls, "
                        + "or use all wells as reference");
            }
            if (controlValues.isEmpty()) {
                throw new SettingsException("control values", "give at least one value that marks a control well");
            }
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new SettingsException("epsilon", "must be a finite number >= 0, was " + epsilon);
        }
        if (clip == Clip.GLOBAL_PERCENTILE || clip == Clip.PER_FEATURE_PERCENTILE) {
            if (!(clipLow >= 0 && clipLow < clipHigh && clipHigh <= 100)) {
                throw new SettingsException("clip percentiles", "need 0 <= low < high <= 100, were " + clipLow + ", "
                        + clipHigh);
            }
        } else if (clip == Clip.ABSOLUTE && !(clipLow < clipHigh)) {
            throw new SettingsException("clip bounds", "need low < high, were " + clipLow + ", " + clipHigh);
        }
        if (!(minCoefVar >= 0)) {
            throw new SettingsException("minimum |MAD/median|", "must be >= 0");
        }
        if (!Double.isNaN(correlationThreshold) && !(correlationThreshold > 0 && correlationThreshold <= 1)) {
            throw new SettingsException("correlation threshold", "must be in (0, 1] (or off), was "
                    + correlationThreshold);
        }
    }
}

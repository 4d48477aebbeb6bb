package org.cellpaintr.engine.metrics;

import java.util.EnumSet;
import java.util.Set;

/**
 * Settings of {@link ScoreBatchCorrection}.
 *
 * @param batchColumn batch (or source) of each well
 * @param labelColumn compound (perturbation) label
 * @param plateColumn plate, for the mAP negative pairs; may be null when neither mAP is computed
 * @param wellColumn well position, for the mAP (controls) positive pairs (replicates must sit in different wells);
 *        may be null (then no well rule)
 * @param controlColumn column that marks controls; may be null (then no well is a control)
 * @param negativeControlValue value of {@code controlColumn} for negative controls (e.g. DMSO: "Negative")
 * @param positiveControlValue value of {@code controlColumn} for positive controls; null or blank for none
 * @param metrics the metrics to compute (the others are reported as switched off)
 * @param neighbours k of the cosine k-NN graph, counting the well itself (scanpy n_neighbors; 25)
 * @param lisiNeighbours k0 of graph LISI (90)
 * @param leidenResolution Leiden resolution (1)
 * @param seed seed of Leiden and of the mAP null distributions (0)
 * @param nullSize samples of each mAP null distribution (10000)
 * @param threshold significance level of the mAP p-values (0.05)
 */
public record ScoreSettings(String batchColumn, String labelColumn, String plateColumn, String wellColumn,
        String controlColumn, String negativeControlValue, String positiveControlValue, Set<Metric> metrics,
        int neighbours, int lisiNeighbours, double leidenResolution, long seed, int nullSize, double threshold) {

    public ScoreSettings {
        metrics = metrics.isEmpty() ? EnumSet.noneOf(Metric.class) : EnumSet.copyOf(metrics);
    }

    /** All ten metrics with Arevalo et al.'s parameters. */
    public static ScoreSettings defaults(String batchColumn, String labelColumn, String plateColumn, String wellColumn,
            String controlColumn, String negativeControlValue, String positiveControlValue) {
        return new ScoreSettings(batchColumn, labelColumn, plateColumn, wellColumn, controlColumn,
                negativeControlValue, positiveControlValue, EnumSet.allOf(Metric.class), 25, 90, 1.0, 0, 10_000, 0.05);
    }

    public ScoreSettings withMetrics(Set<Metric> chosen) {
        return new ScoreSettings(batchColumn, labelColumn, plateColumn, wellColumn, controlColumn,
                negativeControlValue, positiveControlValue, chosen, neighbours, lisiNeighbours, leidenResolution, seed,
                nullSize, threshold);
    }

    public ScoreSettings withNeighbours(int k) {
        return new ScoreSettings(batchColumn, labelColumn, plateColumn, wellColumn, controlColumn,
                negativeControlValue, positiveControlValue, metrics, k, lisiNeighbours, leidenResolution, seed,
                nullSize, threshold);
    }

    public ScoreSettings withNullSize(int size) {
        return new ScoreSettings(batchColumn, labelColumn, plateColumn, wellColumn, controlColumn,
                negativeControlValue, positiveControlValue, metrics, neighbours, lisiNeighbours, leidenResolution, seed,
                size, threshold);
    }

    boolean needsGraph() {
        return metrics.stream().anyMatch(m -> m != Metric.MAP_CONTROLS && m != Metric.MAP_NONREP);
    }

    boolean needsMap() {
        return metrics.contains(Metric.MAP_CONTROLS) || metrics.contains(Metric.MAP_NONREP);
    }
}

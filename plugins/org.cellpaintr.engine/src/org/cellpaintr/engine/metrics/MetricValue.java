package org.cellpaintr.engine.metrics;

/** A metric's value and how many items (labels, wells, compounds) it averaged; NaN when it could not be computed. */
public record MetricValue(double value, int items) {

    public static MetricValue nan() {
        return new MetricValue(Double.NaN, 0);
    }
}

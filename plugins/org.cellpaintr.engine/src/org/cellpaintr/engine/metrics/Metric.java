package org.cellpaintr.engine.metrics;

/** The ten metrics of Arevalo et al. 2024's table, with the category each counts toward. */
public enum Metric {
    GRAPH_CONNECTIVITY("graph connectivity", Category.BATCH),
    SILHOUETTE_BATCH("silhouette batch", Category.BATCH),
    KBET("kBET", Category.BATCH),
    ILISI("iLISI", Category.BATCH),
    CLISI("cLISI", Category.BIOLOGY),
    LEIDEN_NMI("Leiden NMI", Category.BIOLOGY),
    LEIDEN_ARI("Leiden ARI", Category.BIOLOGY),
    SILHOUETTE_LABEL("silhouette label", Category.BIOLOGY),
    MAP_CONTROLS("mAP (controls)", Category.BIOLOGY),
    MAP_NONREP("mAP (nonrep)", Category.BIOLOGY);

    /** Where a metric's value goes in the aggregates. */
    public enum Category {
        BATCH("batch correction"), BIOLOGY("bio-conservation");

        public final String label;

        Category(String label) {
            this.label = label;
        }
    }

    public final String label;
    public final Category category;

    Metric(String label, Category category) {
        this.label = label;
        this.category = category;
    }

    /** The metric with this label or enum name (case-insensitive), for settings read from text. */
    public static Metric parse(String text) {
        for (Metric m : values()) {
            if (m.label.equalsIgnoreCase(text.strip()) || m.name().equalsIgnoreCase(text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + text + "'");
    }
}

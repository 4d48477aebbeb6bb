package org.cellpaintr.engine.metrics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.knn.CosineKnn;
import org.cellpaintr.engine.knn.KnnGraph;
import org.cellpaintr.engine.knn.SparseGraph;
import org.cellpaintr.engine.knn.UmapConnectivities;
import org.cellpaintr.engine.knn.UnitRows;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Operation;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Score Batch Correction: the ten metrics of Arevalo et al. 2024 (four batch-correction, six bio-conservation)
 * and their aggregates batch = mean of the batch metrics, biology = mean of the bio metrics,
 * overall = 0.4 batch + 0.6 biology.
 *
 * <p>Graph metrics and silhouettes use the wells that are not negative controls (Arevalo's {@code filter_dmso});
 * positive controls stay. The 25-NN cosine graph and its UMAP connectivities are computed once and shared.
 * mAP uses copairs' rules (see {@link MapScores}). Every definition and every choice is in docs/metrics.md.
 */
public final class ScoreBatchCorrection
        implements Operation<ScoreSettings, ProfileSchema, ScoreSchemas, ProfileTable, ScoreResult> {

    public static final String COL_METRIC = "metric";
    public static final String COL_CATEGORY = "category";
    public static final String COL_VALUE = "value";
    public static final String COL_ITEMS = "items";
    public static final String COL_STATUS = "status";
    public static final String AGG_BATCH = "batch correction";

    /** The status of a batch metric on an input with one batch. */
    public static final String ONE_BATCH = "needs at least 2 batches; the input has one";
    public static final String AGG_BIO = "bio-conservation";
    public static final String AGG_OVERALL = "overall";

    @Override
    public ScoreSchemas configure(ScoreSettings s, ProfileSchema in) throws SettingsException {
        if (s.metrics().isEmpty()) {
            throw new SettingsException("metrics", "no metric chosen");
        }
        in.requireMetadata("label column", s.labelColumn());
        if (s.needsGraph()) {
            in.requireMetadata("batch column", s.batchColumn());
            if (s.neighbours() < 2) {
                throw new SettingsException("neighbours", "must be at least 2, got " + s.neighbours());
            }
            if (s.lisiNeighbours() < 3) {
                throw new SettingsException("LISI neighbours", "must be at least 3, got " + s.lisiNeighbours());
            }
            if (!(s.leidenResolution() > 0)) {
                throw new SettingsException("Leiden resolution", "must be positive, got " + s.leidenResolution());
            }
        }
        if (s.needsMap()) {
            in.requireMetadata("plate column", s.plateColumn());
            if (s.wellColumn() != null && !s.wellColumn().isBlank()) {
                in.requireMetadata("well column", s.wellColumn());
            }
            if (s.nullSize() < 1) {
                throw new SettingsException("null size", "must be positive, got " + s.nullSize());
            }
            if (!(s.threshold() > 0 && s.threshold() < 1)) {
                throw new SettingsException("threshold", "must lie in (0, 1), got " + s.threshold());
            }
        }
        if (s.metrics().contains(Metric.MAP_CONTROLS)
                && (s.controlColumn() == null || s.controlColumn().isBlank())) {
            throw new SettingsException("control column", "mAP (controls) ranks replicates against negative"
                    + " controls, so a control column is needed");
        }
        if (s.controlColumn() != null && !s.controlColumn().isBlank()) {
            in.requireMetadata("control column", s.controlColumn());
            if (s.negativeControlValue() == null || s.negativeControlValue().isBlank()) {
                throw new SettingsException("negative control value", "no value given");
            }
        }
        if (in.features().isEmpty()) {
            throw new SettingsException("features", "the input has no feature columns");
        }
        return schemas();
    }

    static ScoreSchemas schemas() {
        Map<String, ColumnKind> m = new LinkedHashMap<>();
        m.put(COL_METRIC, ColumnKind.TEXT);
        m.put(COL_CATEGORY, ColumnKind.TEXT);
        m.put(COL_VALUE, ColumnKind.NUMBER);
        m.put(COL_ITEMS, ColumnKind.NUMBER);
        m.put(COL_STATUS, ColumnKind.TEXT);
        return new ScoreSchemas(new ProfileSchema(m, List.of()), new ProfileSchema(MapScores.columns(), List.of()));
    }

    @Override
    public ScoreResult execute(ScoreSettings s, ProfileTable table, Progress progress)
            throws SettingsException, CanceledException {
        configure(s, table.schema());
        org.cellpaintr.engine.table.FiniteValues.require(table, "scores need complete profiles");
        Map<Metric, MetricValue> values = new EnumMap<>(Metric.class);
        Map<Metric, String> problems = new EnumMap<>(Metric.class);
        List<MapScores.Row> compoundRows = new ArrayList<>();
        boolean[] negative = negativeControls(s, table);
        if (s.needsGraph()) {
            graphMetrics(s, table, negative, values, problems, progress.sub(0, s.needsMap() ? 0.8 : 1));
        }
        if (s.needsMap()) {
            MapScores.compute(s, table, negative, values, problems, compoundRows,
                    progress.sub(s.needsGraph() ? 0.8 : 0, 1));
        }
        progress.report(1, "scores done");
        return new ScoreResult(metricsTable(s, values, problems), MapScores.table(compoundRows));
    }

    static boolean[] negativeControls(ScoreSettings s, ProfileTable table) throws SettingsException {
        boolean[] neg = new boolean[table.rowCount()];
        if (s.controlColumn() == null || s.controlColumn().isBlank()) {
            return neg;
        }
        MetadataColumn c = table.requireColumn("control column", s.controlColumn());
        for (int r = 0; r < neg.length; r++) {
            neg[r] = s.negativeControlValue().equals(c.text(r));
        }
        return neg;
    }

    private static void graphMetrics(ScoreSettings s, ProfileTable table, boolean[] negative,
            Map<Metric, MetricValue> values, Map<Metric, String> problems, Progress progress)
            throws SettingsException, CanceledException {
        int[] rows = java.util.stream.IntStream.range(0, table.rowCount()).filter(r -> !negative[r]).toArray();
        List<Metric> graphMetrics = s.metrics().stream()
                .filter(m -> m != Metric.MAP_CONTROLS && m != Metric.MAP_NONREP).toList();
        if (rows.length < 3) {
            graphMetrics.forEach(m -> problems.put(m, "fewer than 3 wells that are not negative controls"));
            return;
        }
        LabelCodes labels = LabelCodes.of(table.requireColumn("label column", s.labelColumn()), rows);
        LabelCodes batches = LabelCodes.of(table.requireColumn("batch column", s.batchColumn()), rows);
        // one batch: nothing to mix, so a batch metric would read as perfect; report it missing instead
        boolean twoBatches = batches.count() >= 2;
        if (!twoBatches) {
            for (Metric m : graphMetrics) {
                if (m.category == Metric.Category.BATCH) {
                    problems.put(m, ONE_BATCH);
                }
            }
        }
        progress.report(0, "normalising " + rows.length + " profiles");
        UnitRows unit = UnitRows.of(table.matrix(), rows);
        KnnGraph knn = CosineKnn.compute(unit, s.neighbours(), progress.sub(0, 0.4));
        SparseGraph conn = UmapConnectivities.compute(knn);
        knn = null; // the lists are not needed any more; let them go before the heavier steps
        Progress p = progress.sub(0.4, 1);
        if (twoBatches && s.metrics().contains(Metric.GRAPH_CONNECTIVITY)) {
            p.report(0, "graph connectivity");
            values.put(Metric.GRAPH_CONNECTIVITY, GraphConnectivity.score(conn, labels));
        }
        if (twoBatches && s.metrics().contains(Metric.SILHOUETTE_BATCH)) {
            p.report(0.05, "silhouette batch");
            values.put(Metric.SILHOUETTE_BATCH, CosineSilhouette.batchScore(unit, labels, batches));
        }
        if (s.metrics().contains(Metric.SILHOUETTE_LABEL)) {
            p.report(0.1, "silhouette label");
            values.put(Metric.SILHOUETTE_LABEL, CosineSilhouette.labelScore(unit, labels));
        }
        p.checkCanceled();
        if (s.metrics().contains(Metric.LEIDEN_NMI) || s.metrics().contains(Metric.LEIDEN_ARI)) {
            p.report(0.2, "Leiden clustering");
            LabelCodes clusters = LabelCodes.ofInts(LeidenClusters.cluster(conn, s.leidenResolution(), s.seed()));
            if (s.metrics().contains(Metric.LEIDEN_NMI)) {
                values.put(Metric.LEIDEN_NMI, new MetricValue(ClusterAgreement.nmi(clusters, labels), rows.length));
            }
            if (s.metrics().contains(Metric.LEIDEN_ARI)) {
                values.put(Metric.LEIDEN_ARI, new MetricValue(ClusterAgreement.ari(clusters, labels), rows.length));
            }
        }
        if (s.metrics().contains(Metric.ILISI) || s.metrics().contains(Metric.CLISI)) {
            double[][] lisi = GraphLisi.lisi(conn, s.lisiNeighbours(), new LabelCodes[] {batches, labels},
                    p.sub(0.3, 0.7));
            if (twoBatches && s.metrics().contains(Metric.ILISI)) {
                values.put(Metric.ILISI, GraphLisi.ilisi(lisi[0], batches.count()));
            }
            if (s.metrics().contains(Metric.CLISI)) {
                values.put(Metric.CLISI, GraphLisi.clisi(lisi[1], labels.count()));
            }
        }
        if (twoBatches && s.metrics().contains(Metric.KBET)) {
            values.put(Metric.KBET, Kbet.score(conn, labels, batches, p.sub(0.7, 1)));
        }
        for (Metric m : graphMetrics) {
            MetricValue v = values.get(m);
            if (v != null && Double.isNaN(v.value())) {
                problems.putIfAbsent(m, switch (m) {
                    case SILHOUETTE_BATCH -> "no label has wells from more than one batch (and not one per batch)";
                    case SILHOUETTE_LABEL -> "needs at least 2 labels and fewer labels than wells";
                    case KBET -> "no label with at least 10 wells and 2 batches, or the diffusion found too few"
                            + " neighbours";
                    case ILISI -> "needs at least 2 batches";
                    case CLISI -> "needs at least 2 labels";
                    default -> "not computable on this input";
                });
            }
        }
    }

    static ProfileTable metricsTable(ScoreSettings s, Map<Metric, MetricValue> values, Map<Metric, String> problems) {
        TextColumn.Builder metric = new TextColumn.Builder(COL_METRIC);
        TextColumn.Builder category = new TextColumn.Builder(COL_CATEGORY);
        TextColumn.Builder status = new TextColumn.Builder(COL_STATUS);
        List<Double> value = new ArrayList<>();
        List<Double> items = new ArrayList<>();
        Map<Metric.Category, double[]> sums = new EnumMap<>(Metric.Category.class);
        for (Metric.Category c : Metric.Category.values()) {
            sums.put(c, new double[2]);
        }
        for (Metric m : Metric.values()) {
            metric.add(m.label);
            category.add(m.category.label);
            MetricValue v = values.get(m);
            if (!s.metrics().contains(m)) {
                status.add("switched off");
                value.add(Double.NaN);
                items.add(Double.NaN);
            } else if (v == null || Double.isNaN(v.value())) {
                status.add("not computed: " + problems.getOrDefault(m, "not computable on this input"));
                value.add(Double.NaN);
                items.add(v == null ? Double.NaN : (double) v.items());
            } else {
                status.add("computed");
                value.add(v.value());
                items.add((double) v.items());
                sums.get(m.category)[0] += v.value();
                sums.get(m.category)[1]++;
            }
        }
        double[] batch = sums.get(Metric.Category.BATCH);
        double[] bio = sums.get(Metric.Category.BIOLOGY);
        double batchMean = batch[1] == 0 ? Double.NaN : batch[0] / batch[1];
        double bioMean = bio[1] == 0 ? Double.NaN : bio[0] / bio[1];
        addAggregate(metric, category, status, value, items, AGG_BATCH, batchMean, (int) batch[1], 4);
        addAggregate(metric, category, status, value, items, AGG_BIO, bioMean, (int) bio[1], 6);
        metric.add(AGG_OVERALL);
        category.add("aggregate");
        double overall = 0.4 * batchMean + 0.6 * bioMean;
        value.add(overall);
        items.add((double) (batch[1] + bio[1]));
        status.add(Double.isNaN(overall) ? "not computed: needs both category means" : "0.4 * batch + 0.6 * bio");
        List<MetadataColumn> cols = List.of(metric.build(), category.build(),
                new NumberColumn(COL_VALUE, value.stream().mapToDouble(Double::doubleValue).toArray()),
                new NumberColumn(COL_ITEMS, items.stream().mapToDouble(Double::doubleValue).toArray()), status.build());
        return ProfileTable.ofMetadata(cols);
    }

    private static void addAggregate(TextColumn.Builder metric, TextColumn.Builder category, TextColumn.Builder status,
            List<Double> value, List<Double> items, String name, double mean, int used, int of) {
        metric.add(name);
        category.add("aggregate");
        value.add(mean);
        items.add((double) used);
        status.add(used == 0 ? "not computed: no metric of this category" : "mean of the " + used + " computed of " + of
                + " metrics");
    }
}

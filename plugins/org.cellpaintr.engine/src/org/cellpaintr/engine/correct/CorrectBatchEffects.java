package org.cellpaintr.engine.correct;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Operation;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;

/**
 * Correct Batch Effects: ComBat, Harmony or Sphering on the feature matrix; metadata and row order are kept.
 * Harmony on principal components outputs the corrected components (PC1..PCm) instead of the features.
 */
public final class CorrectBatchEffects
        implements Operation<CorrectionSettings, ProfileSchema, ProfileSchema, ProfileTable, ProfileTable> {

    @Override
    public ProfileSchema configure(CorrectionSettings s, ProfileSchema in) throws SettingsException {
        if (s.method() == null) {
            throw new SettingsException("method", "no method chosen (combat, harmony, sphering)");
        }
        if (in.features().isEmpty()) {
            throw new SettingsException("features", "the input has no feature columns");
        }
        switch (s.method()) {
            case COMBAT -> {
                in.requireMetadata("batch column", s.batchColumn());
                for (String c : s.covariateColumns()) {
                    in.requireMetadata("covariate columns", c);
                    if (c.equals(s.batchColumn())) {
                        throw new SettingsException("covariate columns", "'" + c + "' is the batch column");
                    }
                }
            }
            case HARMONY -> {
                in.requireMetadata("batch column", s.batchColumn());
                HarmonyOptions h = s.harmony();
                if (h.clusters() < 0) {
                    throw new SettingsException("clusters", "must be 0 (automatic) or positive, got " + h.clusters());
                }
                if (!(h.sigma() > 0)) {
                    throw new SettingsException("sigma", "must be positive, got " + h.sigma());
                }
                if (h.theta() < 0 || h.lambda() < 0) {
                    throw new SettingsException(h.theta() < 0 ? "theta" : "lambda", "must not be negative");
                }
                if (h.maxIterations() < 1 || h.maxKmeansIterations() < 1) {
                    throw new SettingsException("max iterations", "must be at least 1");
                }
                if (!(h.blockSize() > 0 && h.blockSize() <= 1)) {
                    throw new SettingsException("block size", "must lie in (0, 1], got " + h.blockSize());
                }
                if (h.principalComponents() < 0 || h.principalComponents() > in.features().size()) {
                    throw new SettingsException("principal components", "must be 0 (use the features) or at most "
                            + in.features().size() + ", got " + h.principalComponents());
                }
                if (h.principalComponents() > 0) {
                    List<String> pcs = new ArrayList<>();
                    for (int i = 1; i <= h.principalComponents(); i++) {
                        pcs.add("PC" + i);
                    }
                    return new ProfileSchema(in.metadata(), pcs);
                }
            }
            case SPHERING -> {
                in.requireMetadata("control column", s.controlColumn());
                if (s.controlValue() == null || s.controlValue().isBlank()) {
                    throw new SettingsException("control value", "no value given");
                }
                if (!(s.epsilon() >= 0)) {
                    throw new SettingsException("epsilon", "must not be negative, got " + s.epsilon());
                }
            }
            default -> throw new SettingsException("method", "unknown method " + s.method());
        }
        return in;
    }

    @Override
    public ProfileTable execute(CorrectionSettings s, ProfileTable table, Progress progress)
            throws SettingsException, CanceledException {
        ProfileSchema out = configure(s, table.schema());
        FeatureMatrix m = table.matrix();
        org.cellpaintr.engine.table.FiniteValues.require(table, "corrections need complete data");
        if (s.method() == CorrectionMethod.COMBAT || s.method() == CorrectionMethod.HARMONY) {
            requireTwoBatches(table.requireColumn("batch column", s.batchColumn()));
        }
        FeatureMatrix result;
        try {
            switch (s.method()) {
                case COMBAT -> {
                    int[][] batch = codes(table.requireColumn("batch column", s.batchColumn()));
                    double[][] cov = covariateDesign(s, table);
                    result = Combat.correct(m, batch[0], batch[1][0], cov, s.parametric(), progress);
                }
                case HARMONY -> {
                    int[][] batch = codes(table.requireColumn("batch column", s.batchColumn()));
                    int pcs = s.harmony().principalComponents();
                    if (pcs > 0) {
                        double[] z = Harmony.correct(Pca.scores(m, pcs), m.rows(), pcs, batch[0], batch[1][0],
                                s.harmony(), progress);
                        result = fromDoubles(z, m.rows(), pcs);
                    } else {
                        // the features straight from the (off-heap) matrix: no double copy of it on the heap
                        result = Harmony.correct(m, batch[0], batch[1][0], s.harmony(), progress);
                    }
                }
                case SPHERING -> {
                    MetadataColumn c = table.requireColumn("control column", s.controlColumn());
                    int[] controls = java.util.stream.IntStream.range(0, table.rowCount())
                            .filter(r -> s.controlValue().equals(c.text(r))).toArray();
                    if (controls.length == 0) {
                        throw new SettingsException("control value", "no well has '" + s.controlValue()
                                + "' in column '" + s.controlColumn() + "'");
                    }
                    result = Sphering.correct(m, controls, s.spheringVariant(), s.epsilon(), table.features());
                }
                default -> throw new SettingsException("method", "unknown method " + s.method());
            }
        } catch (IllegalArgumentException e) {
            throw new SettingsException(s.method().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
        }
        progress.report(1, s.method() + " done");
        return table.withFeatures(out.features(), result);
    }

    /** With one batch there is no batch effect to remove: an error, rather than a silent "correction". */
    private static void requireTwoBatches(MetadataColumn batch) throws SettingsException {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int r = 0; r < batch.size() && seen.size() < 2; r++) {
            seen.add(batch.text(r));
        }
        if (seen.size() < 2) {
            throw new SettingsException("batch column", "every well is in one batch ('" + String.join("", seen)
                    + "' in column '" + batch.name() + "'); batch correction needs at least two batches");
        }
    }


    /** {codes per row, {count}}; a missing batch is an error naming the row. */
    static int[][] codes(MetadataColumn c) {
        java.util.Map<String, Integer> ids = new java.util.LinkedHashMap<>();
        int[] out = new int[c.size()];
        for (int r = 0; r < out.length; r++) {
            if (c.isMissing(r)) {
                throw new IllegalArgumentException("column '" + c.name() + "' has no value in row " + (r + 1));
            }
            out[r] = ids.computeIfAbsent(c.text(r), k -> ids.size());
        }
        return new int[][] {out, {ids.size()}};
    }

    /** Covariate design columns: numbers as they are; text as indicators of every level but the first (sorted). */
    static double[][] covariateDesign(CorrectionSettings s, ProfileTable t) throws SettingsException {
        List<double[]> cols = new ArrayList<>();
        for (String name : s.covariateColumns()) {
            MetadataColumn c = t.requireColumn("covariate columns", name);
            if (c instanceof NumberColumn num) {
                double[] v = new double[c.size()];
                for (int r = 0; r < v.length; r++) {
                    if (num.isMissing(r)) {
                        throw new SettingsException("covariate columns", "'" + name + "' has no value in row "
                                + (r + 1));
                    }
                    v[r] = num.get(r);
                }
                cols.add(v);
            } else {
                TreeSet<String> levels = new TreeSet<>();
                for (int r = 0; r < c.size(); r++) {
                    if (c.isMissing(r)) {
                        throw new SettingsException("covariate columns", "'" + name + "' has no value in row "
                                + (r + 1));
                    }
                    levels.add(c.text(r));
                }
                List<String> ordered = new ArrayList<>(levels);
                for (int l = 1; l < ordered.size(); l++) {
                    double[] v = new double[c.size()];
                    for (int r = 0; r < v.length; r++) {
                        v[r] = ordered.get(l).equals(c.text(r)) ? 1 : 0;
                    }
                    cols.add(v);
                }
            }
        }
        return cols.toArray(double[][]::new);
    }

    static FeatureMatrix fromDoubles(double[] z, int n, int d) {
        FeatureMatrix.Builder b = FeatureMatrix.builder(d);
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) z[i * d + j];
            }
            b.appendRow(row);
        }
        return b.build();
    }
}

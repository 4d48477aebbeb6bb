package org.cellpaintr.engine.normalize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Operation;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.util.Stats;

/**
 * The Normalize operation: per-plate scaling against reference wells, then optional clipping, rank-based inverse
 * normal transform and feature selection. Works plate by plate and feature block by feature block, so the Java heap
 * holds at most one plate's block of features; the matrix stays off the heap.
 */
public final class Normalize implements Operation<NormalizeSettings, ProfileSchema, ProfileSchema, ProfileTable, NormalizeResult> {

    /** Features handled together: one plate's values of this many features are on the heap at a time. */
    static final int FEATURE_BLOCK = 256;

    /**
     * Validates the settings against the input columns. The output has the input's metadata and, when no
     * selection rule is on, its features; with selection on, the features are a subset known only after execution.
     */
    @Override
    public ProfileSchema configure(NormalizeSettings s, ProfileSchema input) throws SettingsException {
        s.validateValues();
        for (String c : s.plateColumns()) {
            input.requireMetadata("plate columns", c);
        }
        if (s.reference() == NormalizeSettings.Reference.CONTROLS) {
            input.requireMetadata("control column", s.controlColumn());
        }
        if (input.features().isEmpty()) {
            throw new SettingsException("input", "the table has no feature columns");
        }
        return input;
    }

    /** Whether the output's feature list is only known after execution. */
    public static boolean selectsFeatures(NormalizeSettings s) {
        return s.nonFinite() == NormalizeSettings.NonFinite.DROP_FEATURE || s.dropLowMad() || s.varianceFilter()
                || !Double.isNaN(s.correlationThreshold());
    }

    @Override
    public NormalizeResult execute(NormalizeSettings s, ProfileTable table, Progress progress)
            throws SettingsException, CanceledException {
        configure(s, table.schema());
        List<String> warnings = new ArrayList<>();
        Plates plates = Plates.of(table, "plate columns", s.plateColumns());
        int[][] reference = referenceRows(s, table, plates, warnings);
        FeatureReport report = new FeatureReport(table.features());
        report.plates = plates.count();

        progress.report(0, "checking for NaN and infinite values");
        FeatureMatrix out = copyHandlingNonFinite(s, table, report, progress.sub(0, 0.15));
        boolean success = false;
        try {
            if (s.method() != NormalizeSettings.Method.NONE || s.dropLowMad()) {
                scalePerPlate(s, out, plates, reference, report, progress.sub(0.15, 0.6));
            }
            if (s.clip() == NormalizeSettings.Clip.GLOBAL_PERCENTILE) {
                Clipping.perPlatePercentiles(out, plates, report, s.clipLow(), s.clipHigh(), progress.sub(0.6, 0.7));
            } else if (s.clip() == NormalizeSettings.Clip.PER_FEATURE_PERCENTILE) {
                Clipping.perFeaturePercentiles(out, report, s.clipLow(), s.clipHigh(), progress.sub(0.6, 0.7));
            } else if (s.clip() == NormalizeSettings.Clip.ABSOLUTE) {
                Clipping.absolute(out, report, (float) s.clipLow(), (float) s.clipHigh(), progress.sub(0.6, 0.7));
            }
            if (s.inverseNormal()) {
                InverseNormalTransform.apply(out, report, s.tieSeed(), progress.sub(0.7, 0.85));
            }
            if (s.varianceFilter()) {
                FeatureSelection.varianceThreshold(out, report, 0.05, 0.01, progress.sub(0.85, 0.9));
            }
            if (!Double.isNaN(s.correlationThreshold())) {
                FeatureSelection.correlationThreshold(out, report, s.correlationThreshold(), progress.sub(0.9, 0.98));
            }
            int[] kept = report.keptIndices();
            if (kept.length == 0) {
                throw new SettingsException("feature selection", "every feature was dropped; see the report");
            }
            FeatureMatrix result = out;
            if (kept.length < out.columns()) {
                result = out.selectColumns(kept);
                out.close();
            }
            List<String> names = Arrays.stream(kept).mapToObj(table.features()::get).toList();
            ProfileTable normalized = new ProfileTable(table.metadata(), names, result);
            progress.report(1, "normalised " + table.rowCount() + " wells, kept " + kept.length + " of "
                    + table.features().size() + " features");
            success = true;
            return new NormalizeResult(normalized, report.toTable(), warnings);
        } finally {
            if (!success) {
                out.close();
            }
        }
    }

    private static int[][] referenceRows(NormalizeSettings s, ProfileTable table, Plates plates, List<String> warnings)
            throws SettingsException {
        int[][] ref = new int[plates.count()][];
        if (s.reference() == NormalizeSettings.Reference.ALL_WELLS) {
            for (int p = 0; p < plates.count(); p++) {
                ref[p] = plates.rows(p);
            }
            return ref;
        }
        MetadataColumn control = table.requireColumn("control column", s.controlColumn());
        Set<String> values = new HashSet<>(s.controlValues());
        for (int p = 0; p < plates.count(); p++) {
            int[] rows = plates.rows(p);
            int[] hits = Arrays.stream(rows).filter(r -> values.contains(control.text(r))).toArray();
            if (hits.length == 0) {
                if (!s.noControlsFallback()) {
                    throw new SettingsException("control values", "plate '" + plates.name(p) + "' has no wells with "
                            + s.controlColumn() + " in " + s.controlValues()
                            + " (choose the fallback to all wells to normalise such plates against all their wells)");
                }
                warnings.add("plate '" + plates.name(p) + "' has no control wells: normalised against all its "
                        + rows.length + " wells");
                hits = rows;
            }
            ref[p] = hits;
        }
        return ref;
    }

    private static FeatureMatrix copyHandlingNonFinite(NormalizeSettings s, ProfileTable table, FeatureReport report,
            Progress progress) throws SettingsException, CanceledException {
        FeatureMatrix in = table.matrix();
        int n = in.rows();
        int f = in.columns();
        FeatureMatrix.Builder b = FeatureMatrix.builder(f);
        boolean success = false;
        List<String> examples = new ArrayList<>();
        try {
            float[] row = new float[f];
            for (int r = 0; r < n; r++) {
                in.readRow(r, row, 0);
                for (int j = 0; j < f; j++) {
                    float v = row[j];
                    if (!Float.isFinite(v)) {
                        if (Float.isNaN(v)) {
                            report.nanCount[j]++;
                        } else {
                            report.infCount[j]++;
                        }
                        if (examples.size() < 5) {
                            examples.add("row " + (r + 1) + " column '" + table.features().get(j) + "' = " + v);
                        }
                        if (s.nonFinite() == NormalizeSettings.NonFinite.ZERO) {
                            row[j] = 0f;
                        }
                    }
                }
                b.appendRow(row);
                if ((r & 4095) == 0) {
                    progress.checkCanceled();
                    progress.report((double) r / n, "copied " + r + " rows");
                }
            }
            if (!examples.isEmpty()) {
                switch (s.nonFinite()) {
                    case FAIL:
                        throw new SettingsException("non-finite values", "the table holds NaN or infinite feature "
                                + "values, e.g. " + String.join("; ", examples));
                    case DROP_FEATURE:
                        for (int j = 0; j < f; j++) {
                            if (report.nanCount[j] + report.infCount[j] > 0) {
                                report.drop(j, "non_finite");
                            }
                        }
                        break;
                    default:
                        break;
                }
            }
            FeatureMatrix m = b.build();
            success = true;
            return m;
        } finally {
            if (!success) {
                b.close();
            }
        }
    }

    private static void scalePerPlate(NormalizeSettings s, FeatureMatrix m, Plates plates, int[][] reference,
            FeatureReport report, Progress progress) throws CanceledException {
        int f = m.columns();
        double madFactor = s.madConsistency() ? Stats.MAD_NORMAL_CONSISTENCY : 1.0;
        for (int p = 0; p < plates.count(); p++) {
            progress.checkCanceled();
            progress.report((double) p / plates.count(), "plate " + plates.name(p));
            int[] rows = plates.rows(p);
            int[] refPos = positionsOf(rows, reference[p]);
            float[] refValues = new float[refPos.length];
            for (int first = 0; first < f; first += FEATURE_BLOCK) {
                int count = Math.min(FEATURE_BLOCK, f - first);
                float[][] block = new float[count][rows.length];
                m.readColumnBlock(rows, first, count, block);
                for (int c = 0; c < count; c++) {
                    int j = first + c;
                    float[] v = block[c];
                    for (int i = 0; i < refPos.length; i++) {
                        refValues[i] = v[refPos[i]];
                    }
                    double center;
                    double scale;
                    if (s.method() == NormalizeSettings.Method.ZSCORE) {
                        center = Stats.mean(refValues, refValues.length);
                        scale = Stats.std(refValues, refValues.length, center);
                    } else {
                        center = Stats.median(refValues, refValues.length);
                        scale = Stats.mad(refValues, refValues.length, center) * madFactor;
                    }
                    report.centerSum[j] += center;
                    report.minScale[j] = Math.min(report.minScale[j], scale);
                    if (s.dropLowMad()) {
                        // Arevalo: |MAD / median| with NaN and inf read as 0; the raw (unscaled) MAD is meant.
                        double rawMad = scale / madFactor;
                        double coefVar = Math.abs(rawMad / center);
                        if (!Double.isFinite(coefVar)) {
                            coefVar = 0;
                        }
                        if (rawMad == 0 || coefVar <= s.minCoefVar()) {
                            report.drop(j, (rawMad == 0 ? "zero_mad" : "low_mad_over_median") + " in plate "
                                    + plates.name(p));
                        }
                    }
                    if (s.method() == NormalizeSettings.Method.NONE) {
                        continue;
                    }
                    if (s.method() == NormalizeSettings.Method.CENTER) {
                        for (int i = 0; i < v.length; i++) {
                            v[i] = (float) (v[i] - center);
                        }
                        continue;
                    }
                    double denominator = scale + s.epsilon();
                    if (denominator == 0 || !Double.isFinite(denominator)) {
                        report.zeroScalePlates[j]++;
                        Arrays.fill(v, 0f);
                    } else {
                        for (int i = 0; i < v.length; i++) {
                            v[i] = (float) ((v[i] - center) / denominator);
                        }
                    }
                }
                if (s.method() != NormalizeSettings.Method.NONE) {
                    m.writeColumnBlock(rows, first, count, block);
                }
            }
        }
    }

    /** Positions of {@code subset} (ascending row ids) inside {@code rows} (ascending row ids). */
    static int[] positionsOf(int[] rows, int[] subset) {
        int[] pos = new int[subset.length];
        int k = 0;
        for (int i = 0, j = 0; i < rows.length && j < subset.length; i++) {
            if (rows[i] == subset[j]) {
                pos[k++] = i;
                j++;
            }
        }
        return Arrays.copyOf(pos, k);
    }
}

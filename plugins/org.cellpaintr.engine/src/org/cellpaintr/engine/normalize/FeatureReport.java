package org.cellpaintr.engine.normalize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/** Per-feature bookkeeping of a normalisation: why a feature was dropped, and its statistics. */
final class FeatureReport {

    final List<String> features;
    final String[] dropReason;
    final long[] nanCount;
    final long[] infCount;
    final double[] centerSum;
    final double[] minScale;
    final int[] zeroScalePlates;
    int plates;

    FeatureReport(List<String> features) {
        this.features = features;
        int f = features.size();
        dropReason = new String[f];
        nanCount = new long[f];
        infCount = new long[f];
        centerSum = new double[f];
        minScale = new double[f];
        Arrays.fill(minScale, Double.POSITIVE_INFINITY);
        zeroScalePlates = new int[f];
    }

    boolean kept(int f) {
        return dropReason[f] == null;
    }

    void drop(int f, String reason) {
        if (dropReason[f] == null) {
            dropReason[f] = reason;
        }
    }

    int[] keptIndices() {
        return java.util.stream.IntStream.range(0, features.size()).filter(this::kept).toArray();
    }

    ProfileTable toTable() {
        int n = features.size();
        String[] status = new String[n];
        String[] reason = new String[n];
        double[] nan = new double[n];
        double[] inf = new double[n];
        double[] center = new double[n];
        double[] scale = new double[n];
        double[] zero = new double[n];
        for (int f = 0; f < n; f++) {
            status[f] = kept(f) ? "kept" : "dropped";
            reason[f] = kept(f) ? "" : dropReason[f];
            nan[f] = nanCount[f];
            inf[f] = infCount[f];
            center[f] = plates == 0 ? Double.NaN : centerSum[f] / plates;
            scale[f] = Double.isInfinite(minScale[f]) ? Double.NaN : minScale[f];
            zero[f] = zeroScalePlates[f];
        }
        List<MetadataColumn> cols = new ArrayList<>();
        cols.add(TextColumn.of("feature", features));
        cols.add(TextColumn.of("status", status));
        cols.add(TextColumn.of("reason", reason));
        cols.add(new NumberColumn("nan_count", nan));
        cols.add(new NumberColumn("inf_count", inf));
        cols.add(new NumberColumn("mean_plate_center", center));
        cols.add(new NumberColumn("min_plate_scale", scale));
        cols.add(new NumberColumn("zero_scale_plates", zero));
        return ProfileTable.ofMetadata(cols);
    }
}

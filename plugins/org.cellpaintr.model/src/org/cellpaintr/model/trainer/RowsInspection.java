package org.cellpaintr.model.trainer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.cellpaintr.model.FeatureVocabulary;

/**
 * One pass over the training rows before a stage starts: checks them against the model and the stage (an error
 * naming rows or columns for an empty table, features that differ from the vocabulary, non-finite values, no
 * positives, a single source in stage 3) and computes the data fingerprint and the group index of every row.
 */
final class RowsInspection {

    final String fingerprint;
    final int[] groupOf;
    final List<String> groupNames;
    final List<String> sources;
    /** SupCon class of every row (-1: none; always -1 in stage 1). */
    final int[] labelOf;
    /** Index of every row's source in {@link #sources}. */
    final int[] sourceOf;
    /**
     * Masked MSE of predicting every feature's mean: the mean over the non-zero values of (x − mean of its feature)²,
     * the baseline a masked-modelling loss must beat (zeros are never masked, so they are left out).
     */
    final double predictMeanMse;

    private RowsInspection(String fingerprint, int[] groupOf, List<String> groupNames, List<String> sources,
            int[] labelOf, int[] sourceOf, double predictMeanMse) {
        this.sourceOf = sourceOf;
        this.fingerprint = fingerprint;
        this.predictMeanMse = predictMeanMse;
        this.labelOf = labelOf;
        this.groupOf = groupOf;
        this.groupNames = groupNames;
        this.sources = sources;
    }

    static RowsInspection inspect(TrainingRows rows, FeatureVocabulary vocab, Stage stage, String what) {
        int n = rows.size();
        if (n == 0) {
            throw new TrainingException("The " + what + " table is empty");
        }
        checkFeatures(rows.featureNames(), vocab, what);
        int f = vocab.size();
        float[] buf = new float[f];
        ByteBuffer bytes = ByteBuffer.allocate(4 * f).order(ByteOrder.LITTLE_ENDIAN);
        MessageDigest md = sha256();
        Map<String, Integer> groupIds = new HashMap<>();
        List<String> groupNames = new ArrayList<>();
        Set<String> sources = new TreeSet<>();
        int[] groupOf = new int[n];
        int[] labelOf = new int[n];
        double[] sum = new double[f];
        double[] sq = new double[f];
        long[] cnt = new long[f];
        List<String> nanCells = new ArrayList<>();
        Map<Integer, Integer> labelCounts = new HashMap<>();
        for (int r = 0; r < n; r++) {
            rows.features(r, buf);
            for (int i = 0; i < f; i++) {
                if (!Float.isFinite(buf[i]) && nanCells.size() < 5) {
                    nanCells.add("row " + (r + 1) + " column " + vocab.name(i) + " (" + buf[i] + ")");
                }
            }
            for (int i = 0; i < f; i++) {
                if (buf[i] != 0f && Float.isFinite(buf[i])) {
                    sum[i] += buf[i];
                    sq[i] += (double) buf[i] * buf[i];
                    cnt[i]++;
                }
            }
            bytes.clear();
            bytes.asFloatBuffer().put(buf);
            md.update(bytes.array());
            String source = rows.source(r);
            String group = rows.group(r);
            int label = stage.contrastive() ? rows.label(r) : -1;
            if (source == null || source.isBlank()) {
                throw new TrainingException("Row " + r + " of the " + what + " table has no source");
            }
            md.update((source + '\u0000' + group + '\u0000' + label + '\n').getBytes(StandardCharsets.UTF_8));
            sources.add(source);
            Integer g = groupIds.get(group);
            if (g == null) {
                g = groupNames.size();
                groupIds.put(group, g);
                groupNames.add(group);
            }
            groupOf[r] = g;
            labelOf[r] = Math.max(-1, label);
            if (label >= 0) {
                labelCounts.merge(label, 1, Integer::sum);
            }
        }
        if (!nanCells.isEmpty()) {
            throw new TrainingException("The " + what + " table has missing or infinite feature values, e.g. "
                    + String.join(", ", nanCells) + ": impute or drop them before training");
        }
        if (stage.contrastive() && labelCounts.values().stream().noneMatch(c -> c > 1)) {
            throw new TrainingException("Stage " + stage.number() + " needs compound labels with replicates: "
                    + (labelCounts.isEmpty() ? "no row has a label" : "every label occurs only once")
                    + " in the " + what + " table, so SupCon has no positives");
        }
        if (stage == Stage.INTER_SOURCE && sources.size() < 2) {
            throw new TrainingException("Stage 3 aligns sources, but the " + what + " table has a single source ("
                    + sources.iterator().next() + ")");
        }
        List<String> sourceList = new ArrayList<>(sources);
        int[] sourceOf = new int[n];
        for (int r = 0; r < n; r++) {
            sourceOf[r] = java.util.Collections.binarySearch(sourceList, rows.source(r));
        }
        return new RowsInspection(HexFormat.of().formatHex(md.digest()), groupOf, groupNames, sourceList, labelOf,
                sourceOf, predictMeanMse(sum, sq, cnt));
    }

    private static double predictMeanMse(double[] sum, double[] sq, long[] cnt) {
        double sse = 0;
        long total = 0;
        for (int i = 0; i < sum.length; i++) {
            if (cnt[i] > 0) {
                sse += sq[i] - sum[i] * sum[i] / cnt[i];
                total += cnt[i];
            }
        }
        return total == 0 ? Double.NaN : sse / total;
    }

    private static void checkFeatures(List<String> names, FeatureVocabulary vocab, String what) {
        if (names.equals(vocab.names())) {
            return;
        }
        Set<String> have = new LinkedHashSet<>(names);
        List<String> missing = new ArrayList<>();
        for (String v : vocab.names()) {
            if (!have.contains(v) && missing.size() < 5) {
                missing.add(v);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String h : names) {
            if (vocab.indexOf(h) < 0 && extra.size() < 5) {
                extra.add(h);
            }
        }
        throw new TrainingException("The " + what + " table's features do not match the model vocabulary ("
                + names.size() + " columns, vocabulary " + vocab.size() + (missing.isEmpty() ? "" : "; missing e.g. "
                + missing) + (extra.isEmpty() ? "" : "; not in the model e.g. " + extra)
                + (missing.isEmpty() && extra.isEmpty() ? "; same names in another order" : "")
                + "): align the columns with Intersect Features first");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.cellpaintr.engine.intersect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Operation;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Intersect Features: aligns a dataset to a reference feature list, the paper's route to apply a model to a
 * dataset with other features: matched columns in reference order, reference features the data lacks filled with
 * zeros (a zero is never masked nor a target, so the model reads it as "absent"), metadata kept.
 */
public final class IntersectFeatures implements Operation<IntersectSettings, ProfileSchema, ProfileSchema, ProfileTable, IntersectResult> {

    /** The matching of reference features to data columns: {@code source[i]} = data feature index or -1. */
    record Matching(int[] source, NameRule[] rule, int unused) {
    }

    @Override
    public ProfileSchema configure(IntersectSettings s, ProfileSchema input) throws SettingsException {
        s.validate();
        Matching m = match(s, input.features());
        int matched = (int) Arrays.stream(m.source).filter(i -> i >= 0).count();
        if (matched < s.minimumMatched()) {
            throw new SettingsException("minimum matched", "only " + matched + " of " + s.reference().size()
                    + " reference features are in the data (at least " + s.minimumMatched() + " required)");
        }
        if (s.failOnMissing() && matched < s.reference().size()) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < m.source.length && missing.size() < 10; i++) {
                if (m.source[i] < 0) {
                    missing.add(s.reference().get(i));
                }
            }
            throw new SettingsException("fail on missing", (s.reference().size() - matched)
                    + " reference features are not in the data, e.g. " + missing);
        }
        Map<String, ColumnKind> meta = input.metadata();
        return new ProfileSchema(meta, s.reference());
    }

    static Matching match(IntersectSettings s, List<String> data) throws SettingsException {
        List<String> ref = s.reference();
        int[] source = new int[ref.size()];
        Arrays.fill(source, -1);
        NameRule[] rule = new NameRule[ref.size()];
        boolean[] used = new boolean[data.size()];
        NameRule[] rules = s.normaliseNames() ? NameRule.values() : new NameRule[] {NameRule.EXACT};
        for (NameRule r : rules) {
            // reference keys of still-unmatched features; a key two reference features share is not usable
            Map<String, Integer> refByKey = new HashMap<>();
            for (int i = 0; i < ref.size(); i++) {
                if (source[i] < 0) {
                    String key = r.key(ref.get(i));
                    refByKey.put(key, refByKey.containsKey(key) ? -2 : i);
                }
            }
            Map<Integer, Integer> claimedBy = new HashMap<>();
            for (int j = 0; j < data.size(); j++) {
                if (used[j]) {
                    continue;
                }
                Integer i = refByKey.get(r.key(data.get(j)));
                if (i == null || i < 0) {
                    continue;
                }
                Integer other = claimedBy.put(i, j);
                if (other != null) {
                    throw new SettingsException("reference features", "data columns '" + data.get(other) + "' and '"
                            + data.get(j) + "' both match reference feature '" + ref.get(i) + "' (rule "
                            + r.label() + "); remove or rename one of them");
                }
            }
            for (Map.Entry<Integer, Integer> e : claimedBy.entrySet()) {
                source[e.getKey()] = e.getValue();
                rule[e.getKey()] = r;
                used[e.getValue()] = true;
            }
        }
        int unused = 0;
        for (boolean u : used) {
            unused += u ? 0 : 1;
        }
        return new Matching(source, rule, unused);
    }

    @Override
    public IntersectResult execute(IntersectSettings s, ProfileTable table, Progress progress)
            throws SettingsException, CanceledException {
        configure(s, table.schema());
        Matching m = match(s, table.features());
        progress.checkCanceled();
        progress.report(0.1, "copying " + table.rowCount() + " rows into reference order");
        FeatureMatrix aligned = table.matrix().selectColumns(m.source);
        int exact = 0;
        int renamed = 0;
        int missing = 0;
        List<String> matchedCol = new ArrayList<>();
        List<String> ruleCol = new ArrayList<>();
        for (int i = 0; i < m.source.length; i++) {
            if (m.source[i] < 0) {
                missing++;
                matchedCol.add("");
                ruleCol.add("missing");
            } else {
                if (m.rule[i] == NameRule.EXACT) {
                    exact++;
                } else {
                    renamed++;
                }
                matchedCol.add(table.features().get(m.source[i]));
                ruleCol.add(m.rule[i].label());
            }
        }
        List<MetadataColumn> report = List.of(TextColumn.of("reference_feature", s.reference()),
                TextColumn.of("matched_column", matchedCol), TextColumn.of("rule", ruleCol));
        progress.report(1, "aligned to " + s.reference().size() + " reference features");
        return new IntersectResult(table.withFeatures(s.reference(), aligned), ProfileTable.ofMetadata(report), exact,
                renamed, missing, m.unused);
    }
}

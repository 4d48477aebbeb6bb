package org.cellpaintr.model.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;

/**
 * The metadata rule of Select Proxy Token (docs/proxy.md): every column of the metadata table other than the source
 * column is one descriptive attribute (microscope, cell line, objective, plate type, CellProfiler version ...). A
 * candidate's score is the number of attributes whose value equals the new dataset's value, compared as trimmed text
 * ignoring case; an empty value never matches. The highest score wins; among equal scores the candidate that comes
 * first in the codebook wins, and the tie is reported.
 */
public final class MetadataMatch {

    /** A candidate's score: matching attributes out of those where both have a value. */
    public record Score(String candidate, int matches, int compared) {
    }

    /**
     * @param scores    one per candidate, in codebook order
     * @param winner    the chosen candidate
     * @param tiedWith  other candidates with the winner's score (empty when none)
     * @param attributes the attribute columns compared
     * @param ignored   metadata rows naming sources that are not candidates
     */
    public record Outcome(List<Score> scores, String winner, List<String> tiedWith, List<String> attributes,
            List<String> ignored) {
    }

    private MetadataMatch() {
    }

    /**
     * Applies the rule.
     *
     * @param candidates the candidate sources in codebook order
     * @throws SettingsException naming the missing column, the missing source or the duplicated row
     */
    public static Outcome choose(ProfileTable metadata, String sourceColumn, List<String> candidates, String newSource)
            throws SettingsException {
        MetadataColumn src = metadata.requireColumn("metadata source column", sourceColumn);
        List<MetadataColumn> attributes = new ArrayList<>();
        for (MetadataColumn c : metadata.metadata()) {
            if (!c.name().equals(sourceColumn)) {
                attributes.add(c);
            }
        }
        if (attributes.isEmpty()) {
            throw new SettingsException("metadata", "the metadata table has no attribute column besides '"
                    + sourceColumn + "' (add e.g. microscope, cell line, objective)");
        }
        Map<String, Integer> rowOf = new HashMap<>();
        for (int r = 0; r < metadata.rowCount(); r++) {
            if (src.isMissing(r) || src.text(r).isBlank()) {
                throw new SettingsException("metadata", "row " + (r + 1) + " has no source in column '" + sourceColumn
                        + "'");
            }
            Integer previous = rowOf.put(src.text(r).trim(), r);
            if (previous != null) {
                throw new SettingsException("metadata", "source '" + src.text(r).trim() + "' is described twice (rows "
                        + (previous + 1) + " and " + (r + 1) + ")");
            }
        }
        Integer target = rowOf.get(newSource);
        if (target == null) {
            throw new SettingsException("metadata", "the metadata table has no row for the new source '" + newSource
                    + "' in column '" + sourceColumn + "'");
        }
        for (String c : candidates) {
            if (!rowOf.containsKey(c)) {
                throw new SettingsException("metadata", "the metadata table has no row for training source '" + c
                        + "' in column '" + sourceColumn + "'; every source of the model must be described");
            }
        }
        List<Score> scores = new ArrayList<>();
        int best = -1;
        String winner = null;
        for (String c : candidates) {
            int row = rowOf.get(c);
            int matches = 0;
            int compared = 0;
            for (MetadataColumn a : attributes) {
                String mine = value(a, target);
                String theirs = value(a, row);
                if (mine != null && theirs != null) {
                    compared++;
                    if (mine.equals(theirs)) {
                        matches++;
                    }
                }
            }
            scores.add(new Score(c, matches, compared));
            if (matches > best) { // strictly greater: the earlier codebook row keeps a tie
                best = matches;
                winner = c;
            }
        }
        List<String> tied = new ArrayList<>();
        for (Score s : scores) {
            if (s.matches() == best && !s.candidate().equals(winner)) {
                tied.add(s.candidate());
            }
        }
        List<String> ignored = new ArrayList<>();
        for (String s : rowOf.keySet()) {
            if (!s.equals(newSource) && !candidates.contains(s)) {
                ignored.add(s);
            }
        }
        ignored.sort(null);
        List<String> names = attributes.stream().map(MetadataColumn::name).toList();
        return new Outcome(List.copyOf(scores), winner, List.copyOf(tied), names, List.copyOf(ignored));
    }

    private static String value(MetadataColumn c, int row) {
        if (c.isMissing(row)) {
            return null;
        }
        String t = c.text(row).trim();
        return t.isEmpty() ? null : t.toLowerCase(Locale.ROOT);
    }
}

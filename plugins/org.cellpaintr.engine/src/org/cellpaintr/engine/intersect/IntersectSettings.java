package org.cellpaintr.engine.intersect;

import java.util.HashSet;
import java.util.List;

import org.cellpaintr.engine.table.SettingsException;

/**
 * Settings of Intersect Features.
 *
 * @param reference        the feature list to align to, in order (a reference table's features or a model's
 *                         vocabulary)
 * @param normaliseNames   after exact matches, also match by the {@link NameRule} normalisations (reported)
 * @param failOnMissing    refuse instead of zero-padding reference features the data lacks
 * @param minimumMatched   refuse when fewer reference features than this are matched (guards against aligning
 *                         the wrong files, which would give an all-zero table)
 */
public record IntersectSettings(List<String> reference, boolean normaliseNames, boolean failOnMissing, int minimumMatched) {

    public IntersectSettings {
        reference = reference == null ? List.of() : List.copyOf(reference);
    }

    public static IntersectSettings defaults(List<String> reference) {
        return new IntersectSettings(reference, true, false, 1);
    }

    void validate() throws SettingsException {
        if (reference.isEmpty()) {
            throw new SettingsException("reference features", "the reference feature list is empty");
        }
        HashSet<String> seen = new HashSet<>();
        for (String f : reference) {
            if (!seen.add(f)) {
                throw new SettingsException("reference features", "'" + f + "' appears twice in the reference list");
            }
        }
        if (minimumMatched < 0 || minimumMatched > reference.size()) {
            throw new SettingsException("minimum matched", "must be between 0 and " + reference.size() + ", was "
                    + minimumMatched);
        }
    }
}

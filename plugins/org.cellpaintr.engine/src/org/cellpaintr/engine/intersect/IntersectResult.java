package org.cellpaintr.engine.intersect;

import org.cellpaintr.engine.table.ProfileTable;

/**
 * What Intersect Features returns.
 *
 * @param aligned the data with exactly the reference features, in reference order (missing ones zero)
 * @param report  one row per reference feature: matched column and rule, or {@code missing}
 * @param exact   reference features matched by name
 * @param renamed reference features matched through a name normalisation
 * @param missing reference features zero-padded
 * @param unused  data feature columns that matched nothing (left out)
 */
public record IntersectResult(ProfileTable aligned, ProfileTable report, int exact, int renamed, int missing, int unused)
        implements AutoCloseable {

    public String summary() {
        int total = exact + renamed + missing;
        return String.format(java.util.Locale.ROOT,
                "%d of %d reference features matched (%d exact, %d by name normalisation), %d zero-padded; "
                        + "%d data features unused", exact + renamed, total, exact, renamed, missing, unused);
    }

    @Override
    public void close() {
        aligned.close();
        report.close();
    }
}

package org.cellpaintr.engine.normalize;

import java.util.List;

import org.cellpaintr.engine.table.ProfileTable;

/**
 * What Normalize returns.
 *
 * @param normalized the normalised profiles (same rows and metadata, kept features)
 * @param report     one row per input feature: status, reason, statistics
 * @param warnings   things the user should know (e.g. plates that fell back to all wells)
 */
public record NormalizeResult(ProfileTable normalized, ProfileTable report, List<String> warnings) implements AutoCloseable {

    @Override
    public void close() {
        normalized.close();
        report.close();
    }
}

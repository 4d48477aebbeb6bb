package org.cellpaintr.engine.metrics;

import org.cellpaintr.engine.table.ProfileSchema;

/** The output schemas {@link ScoreBatchCorrection#configure} promises. */
public record ScoreSchemas(ProfileSchema metrics, ProfileSchema compounds) {
}

package org.cellpaintr.model.trainer;

import java.util.List;

import org.cellpaintr.model.provenance.StageRecord;

/**
 * What a stage produced besides the updated model.
 *
 * @param log every log row (steps, epoch summaries, validation) of the whole stage, resumed part included
 * @param record the provenance record appended to the model
 * @param addedSources codebook rows this stage added (reported to the user)
 * @param skippedBatches batches skipped for a non-finite loss or gradient
 * @param resumedFromEpoch the epoch the run resumed at (0 when it started fresh)
 */
public record TrainingResult(List<LogRow> log, StageRecord record, List<String> addedSources, int skippedBatches,
        int resumedFromEpoch) {
}

package org.cellpaintr.model.trainstage;

import java.util.List;

import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;

/**
 * What Train Stage returns.
 *
 * @param model          the trained model (the model passed in, trained in place, or the new stage-1 model)
 * @param log            the training log: stage, kind, epoch, step, loss parts, learning rate, skipped, seconds
 * @param addedSources   source names this stage added to the codebook
 * @param skippedBatches batches skipped for a non-finite loss or gradient
 * @param warnings       things the user should know (wells without a label, resumed run)
 */
public record TrainStageResult(CellPainTRModel model, ProfileTable log, List<String> addedSources, int skippedBatches,
        List<String> warnings) {
}

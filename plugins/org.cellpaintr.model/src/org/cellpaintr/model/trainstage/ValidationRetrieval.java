package org.cellpaintr.model.trainstage;

import java.util.EnumSet;

import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedSettings;

/**
 * Replicate retrieval on the held-out plates after an epoch: the held-out wells are embedded with the model as it
 * stands and scored with Score Batch Correction's mAP (nonrep): replicates of a compound against the other
 * compounds on the same plate, copairs' rules, negative controls left out when a control column is set.
 */
final class ValidationRetrieval {

    /** The null distribution only feeds p-values, which are not reported here. */
    private static final int NULL_SIZE = 100;

    private ValidationRetrieval() {
    }

    static double meanAveragePrecision(TrainStageSettings s, CellPainTRModel model, ProfileTable heldOut) {
        EmbedSettings embed = TrainStageSettings.present(s.sourceColumn()) ? EmbedSettings.bySourceColumn(s.sourceColumn())
                : EmbedSettings.withProxy(s.fixedSource());
        String control = TrainStageSettings.present(s.controlColumn()) && !s.controlValues().isEmpty()
                ? s.controlColumn() : null;
        ScoreSettings score = ScoreSettings.defaults(s.plateColumn(), s.labelColumn(), s.plateColumn(), null, control,
                control == null ? null : s.controlValues().get(0), null).withMetrics(EnumSet.of(Metric.MAP_NONREP))
                .withNullSize(NULL_SIZE);
        try (ProfileTable emb = new Embed().execute(embed, new Embed.Input(heldOut, model), Progress.NONE);
                ScoreResult r = new ScoreBatchCorrection().execute(score, emb, Progress.NONE)) {
            return r.value(Metric.MAP_NONREP.label);
        } catch (SettingsException | CanceledException | IllegalArgumentException e) {
            // too few replicates on the held-out plates for the metric: reported as missing, training goes on
            return Double.NaN;
        }
    }
}

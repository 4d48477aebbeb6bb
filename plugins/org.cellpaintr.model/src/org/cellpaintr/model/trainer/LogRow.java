package org.cellpaintr.model.trainer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the training log: a step (kind "step"), an epoch summary ("epoch": mean losses of its applied steps) or
 * a validation result ("validation").
 *
 * @param stage stage label
 * @param kind step, epoch or validation
 * @param epoch 0-based epoch (-1 for the validation before training)
 * @param step global 1-based step within the stage (for epoch rows: the last step of the epoch)
 * @param total loss total
 * @param maskedMse masked-modelling part
 * @param supCon contrastive part (NaN in stage 1)
 * @param learningRate learning rate used
 * @param skipped batches skipped so far in the stage
 * @param seconds wall time since the stage started (this run)
 */
public record LogRow(String stage, String kind, int epoch, long step, double total, double maskedMse, double supCon,
        double learningRate, int skipped, double seconds) {

    /** Numeric fields by name, for the provenance record. */
    public Map<String, Double> numbers() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("epoch", (double) epoch);
        m.put("step", (double) step);
        m.put("total", total);
        m.put("maskedMse", maskedMse);
        m.put("supCon", supCon);
        m.put("learningRate", learningRate);
        m.put("skipped", (double) skipped);
        m.put("seconds", seconds);
        return m;
    }
}

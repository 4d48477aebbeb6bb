package org.cellpaintr.model.provenance;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a model's stage history: what was done to it, with what, on which data, and what came out.
 *
 * @param stage e.g. {@code "1-masked-modelling"}, {@code "2-intra-source"}, {@code "3-inter-source"}
 * @param settings the stage's settings as text (epochs, batch size, learning rate, column roles ...)
 * @param seed the random seed of the stage
 * @param dataFingerprint a digest of the training data (so that a re-run on other data is detectable)
 * @param losses final loss parts (e.g. {@code mse}, {@code supcon}, {@code total})
 * @param timestamp when the stage finished
 * @param libraryVersions versions of CellPainTR, DJL, libtorch and Java that ran it
 * @param log per-step or per-epoch log rows (numbers only: epoch, step, loss parts, lr, skipped, seconds ...)
 */
public record StageRecord(String stage, Map<String, String> settings, long seed, String dataFingerprint,
        Map<String, Double> losses, Instant timestamp, Map<String, String> libraryVersions,
        List<Map<String, Double>> log) {

    public StageRecord {
        if (stage == null || stage.isBlank()) {
            throw new IllegalArgumentException("A stage record needs a stage name");
        }
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings == null ? Map.of() : settings));
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses == null ? Map.of() : losses));
        libraryVersions = Collections.unmodifiableMap(
                new LinkedHashMap<>(libraryVersions == null ? Map.of() : libraryVersions));
        log = log == null ? List.of() : List.copyOf(log.stream().map(r -> Collections.unmodifiableMap(
                new LinkedHashMap<>(r))).toList());
        dataFingerprint = dataFingerprint == null ? "" : dataFingerprint;
        timestamp = timestamp == null ? Instant.now() : timestamp;
    }
}

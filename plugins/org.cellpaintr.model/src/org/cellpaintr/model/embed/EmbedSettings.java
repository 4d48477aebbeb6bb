package org.cellpaintr.model.embed;

import org.cellpaintr.engine.table.SettingsException;

/**
 * Settings of Embed.
 *
 * @param sourceColumn column naming each well's data source (each value must be a row of the model's source
 *                     codebook); null when {@code fixedSource} is used
 * @param fixedSource  one codebook row used for every well: the proxy source token for a dataset the model has not
 *                     seen (docs/method.md §6.3); null when {@code sourceColumn} is used
 * @param columnPrefix prefix of the embedding columns ({@code emb_0}, {@code emb_1}, ...)
 * @param batchSize    wells embedded together in one forward pass; {@link #AUTOMATIC} (0, the default): the
 *                     model's own choice ({@code CellPainTRModel.automaticEmbedBatch()}: about 8,192 tokens per
 *                     pass on a CPU, 64 wells, the authors' batch, on a GPU). The embeddings do not depend on it
 *                     beyond float rounding.
 */
public record EmbedSettings(String sourceColumn, String fixedSource, String columnPrefix, int batchSize) {

    /** {@link #batchSize()} value that lets the model choose. */
    public static final int AUTOMATIC = 0;

    public static EmbedSettings bySourceColumn(String column) {
        return new EmbedSettings(column, null, "emb_", AUTOMATIC);
    }

    public static EmbedSettings withProxy(String source) {
        return new EmbedSettings(null, source, "emb_", AUTOMATIC);
    }

    void validate() throws SettingsException {
        boolean byColumn = sourceColumn != null && !sourceColumn.isBlank();
        boolean fixed = fixedSource != null && !fixedSource.isBlank();
        if (byColumn == fixed) {
            throw new SettingsException("source", "choose either a source column or one (proxy) source for all wells");
        }
        if (columnPrefix == null || columnPrefix.isBlank()) {
            throw new SettingsException("column prefix", "must not be empty");
        }
        if (batchSize < 0) {
            throw new SettingsException("batch size", "must be 0 (automatic) or at least 1, was " + batchSize);
        }
    }
}

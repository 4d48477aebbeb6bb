package org.cellpaintr.model.proxy;

import org.cellpaintr.engine.table.SettingsException;

/**
 * Settings of Select Proxy Token.
 *
 * @param newSource            name of the codebook entry made for the new dataset (afterwards an ordinary source)
 * @param strategy             metadata match, automatic (lowest masked-modelling loss) or learned
 * @param replaceExisting      true: a {@code newSource} already in the codebook gets its row overwritten (it is then
 *                             no candidate); false: such a name is an error
 * @param metadataSourceColumn the column of the metadata table that names the source of each row
 * @param sampleRows           wells drawn (seeded, without replacement) from the new data; bounds time and memory
 * @param batchSize            wells per forward pass
 * @param seed                 seed of the sample, the masks and the learned strategy's batch order
 * @param minSharedFeatures    fewer features with a non-zero value than this gives a warning
 * @param learnedStart         learned strategy: start from the best candidate or from the codebook mean
 * @param learningRate         learned strategy: Adam step size for the new token
 * @param maxEpochs            learned strategy: passes over the training part of the sample at most
 * @param patience             learned strategy: epochs without a held-out improvement before stopping
 * @param heldOutFraction      learned strategy: part of the sample held out for early stopping
 */
public record SelectProxySettings(String newSource, ProxyStrategy strategy, boolean replaceExisting,
        String metadataSourceColumn, int sampleRows, int batchSize, long seed, int minSharedFeatures,
        LearnedTokenStart learnedStart, double learningRate, int maxEpochs, int patience, double heldOutFraction) {

    /** Defaults: 512 sampled wells, batches of 64, seed 42, warn below 100 shared features, Adam 1e-3 for up to 30
     * epochs with patience 3 on a quarter of the sample. */
    public static SelectProxySettings defaults(String newSource, ProxyStrategy strategy) {
        return new SelectProxySettings(newSource, strategy, false, "source", 512, 64, 42, 100,
                LearnedTokenStart.BEST_CANDIDATE, 1e-3, 30, 3, 0.25);
    }

    public SelectProxySettings withSample(int rows, long newSeed) {
        return new SelectProxySettings(newSource, strategy, replaceExisting, metadataSourceColumn, rows, batchSize,
                newSeed, minSharedFeatures, learnedStart, learningRate, maxEpochs, patience, heldOutFraction);
    }

    public SelectProxySettings withReplaceExisting(boolean replace) {
        return new SelectProxySettings(newSource, strategy, replace, metadataSourceColumn, sampleRows, batchSize,
                seed, minSharedFeatures, learnedStart, learningRate, maxEpochs, patience, heldOutFraction);
    }

    public SelectProxySettings withMetadataSourceColumn(String column) {
        return new SelectProxySettings(newSource, strategy, replaceExisting, column, sampleRows, batchSize, seed,
                minSharedFeatures, learnedStart, learningRate, maxEpochs, patience, heldOutFraction);
    }

    public SelectProxySettings withMinSharedFeatures(int min) {
        return new SelectProxySettings(newSource, strategy, replaceExisting, metadataSourceColumn, sampleRows,
                batchSize, seed, min, learnedStart, learningRate, maxEpochs, patience, heldOutFraction);
    }

    public SelectProxySettings withLearning(LearnedTokenStart start, double lr, int epochs, int newPatience,
            double heldOut) {
        return new SelectProxySettings(newSource, strategy, replaceExisting, metadataSourceColumn, sampleRows,
                batchSize, seed, minSharedFeatures, start, lr, epochs, newPatience, heldOut);
    }

    void validate() throws SettingsException {
        if (newSource == null || newSource.isBlank()) {
            throw new SettingsException("new source", "name the new dataset's source (the new codebook entry)");
        }
        if (strategy == null) {
            throw new SettingsException("strategy", "choose metadata, automatic or learned");
        }
        if (sampleRows < 1) {
            throw new SettingsException("sample rows", "the sample is empty: must be at least 1, was " + sampleRows);
        }
        if (batchSize < 1) {
            throw new SettingsException("batch size", "must be at least 1, was " + batchSize);
        }
        if (minSharedFeatures < 0) {
            throw new SettingsException("minimum shared features", "must be at least 0, was " + minSharedFeatures);
        }
        if (strategy == ProxyStrategy.METADATA && (metadataSourceColumn == null || metadataSourceColumn.isBlank())) {
            throw new SettingsException("metadata source column", "name the metadata table's source column");
        }
        if (strategy == ProxyStrategy.LEARNED) {
            if (learnedStart == null) {
                throw new SettingsException("token start", "choose best-candidate or codebook-mean");
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new SettingsException("learning rate", "must be a positive number, was " + learningRate);
            }
            if (maxEpochs < 1 || patience < 1) {
                throw new SettingsException("epochs", "epochs and patience must be at least 1, were " + maxEpochs
                        + " and " + patience);
            }
            if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
                throw new SettingsException("held-out fraction", "must lie strictly between 0 and 1, was "
                        + heldOutFraction);
            }
            if (sampleRows < 2) {
                throw new SettingsException("sample rows", "the learned strategy needs at least 2 wells (a training "
                        + "and a held-out part), was " + sampleRows);
            }
        }
    }
}

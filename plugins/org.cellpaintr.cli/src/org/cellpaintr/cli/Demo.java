package org.cellpaintr.cli;

import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.train.Stage;
import org.cellpaintr.model.train.StageSettings;

/**
 * The demo configuration of the example and the curriculum benchmark: the authors' architecture and training
 * settings, scaled down (width 32, 2 layers, 2 epochs per stage) so the whole curriculum runs in about a minute on
 * two CPU cores. The paper's configuration is the default of {@code cellpaintr train}.
 */
public final class Demo {

    public static final int EPOCHS = 2;

    private Demo() {
    }

    public static CellPainTRConfig network() {
        return CellPainTRConfig.builder().dModel(32).layers(2).mlpWidth(128).filterWidth(16).build();
    }

    public static StageSettings training(Stage stage) {
        return StageSettings.defaults(stage).withEpochs(EPOCHS);
    }
}

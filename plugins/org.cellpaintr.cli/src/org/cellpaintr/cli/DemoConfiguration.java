package org.cellpaintr.cli;

import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;

/**
 * The demo configuration of the example and the curriculum benchmark: the authors' architecture and training
 * settings, scaled down (width 32, 2 layers, 2 epochs per stage) so the whole curriculum runs in about a minute on
 * two CPU cores. The paper's configuration is the default of {@code cellpaintr train}.
 */
public final class DemoConfiguration {

    public static final int EPOCHS = 2;

    private DemoConfiguration() {
    }

    public static CellPainTRConfig network() {
        return CellPainTRConfig.builder().dModel(32).layers(2).mlpWidth(128).filterWidth(16).build();
    }

    public static TrainerSettings training(Stage stage) {
        return TrainerSettings.defaults(stage).withEpochs(EPOCHS);
    }
}

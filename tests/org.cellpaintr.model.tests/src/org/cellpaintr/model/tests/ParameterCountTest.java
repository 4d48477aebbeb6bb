package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.junit.jupiter.api.Test;

/** The authors' configuration must have exactly the parameter counts worked out in docs/method.md §1.6. */
class ParameterCountTest {

    @Test
    void authorsConfigurationHasTheirParameterCounts() {
        FeatureVocabulary vocab = Fixtures.vocabulary(3255);
        CellPainTRConfig c = CellPainTRConfig.authors().toBuilder().spareIdentityRows(1).build();
        assertEquals(3261, vocab.identityRows(c.spareIdentityRows()));
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            sources.add("source_" + i);
        }
        try (CellPainTRModel model = CellPainTRModel.create(c, vocab, sources, 42, DeviceChoice.cpu())) {
            assertEquals(4_112_896L, model.encoderParameterCount());
            assertEquals(66_561L, model.headParameterCount());
            // per-part figures of docs/method.md §1.6, to localise a mismatch
            assertEquals(839_424L, model.network().encoder().embedding().parameterCount());
            assertEquals(818_240L, model.network().encoder().layers().get(0).parameterCount());
            assertEquals(291_648L, model.network().encoder().layers().get(0).mixer().parameterCount());
            assertEquals(25_408L, model.network().encoder().layers().get(0).mixer().filter().parameterCount());
            assertEquals(3257, vocab.sequenceLength());
        }
    }
}

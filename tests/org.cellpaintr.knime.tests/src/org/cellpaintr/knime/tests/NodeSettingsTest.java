package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Stream;

import org.cellpaintr.engine.settings.SettingValue;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.settings.SettingsXml;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every node's settings: the defaults are valid, they survive the saved form (KNIME's settings.xml layout) unchanged,
 * decoding and re-encoding gives the same settings record, and bad values are refused with a message that names
 * the key.
 */
class NodeSettingsTest {

    @ParameterizedTest
    @EnumSource(NodeCatalog.class)
    void defaultsAreValid(NodeCatalog node) throws SettingsException {
        NodeSettingsLayout layout = node.layout();
        assertEquals(layout.defaults(), layout.validate(layout.defaults()));
        assertTrue(layout.defaults().version() >= 1, "a settings version is saved");
    }

    @ParameterizedTest
    @EnumSource(NodeCatalog.class)
    void savedFormRoundTrips(NodeCatalog node) throws Exception {
        NodeSettingsLayout layout = node.layout();
        SettingsTree t = layout.validate(layout.defaults());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SettingsXml.write(t, out);
        SettingsTree back = SettingsXml.read(new ByteArrayInputStream(out.toByteArray()), node.name());
        assertEquals(t, back, "settings.xml round trip");
        assertEquals(t.keys(), back.keys(), "key order kept");
        // decode -> encode -> decode gives the same record (records compare by value)
        Object decoded = layout.decode(back);
        @SuppressWarnings("unchecked")
        var codec = (org.cellpaintr.engine.settings.SettingsCodec<Object>) layout.operation();
        assertEquals(decoded, codec.decode(codec.encode(decoded)));
    }

    @ParameterizedTest
    @EnumSource(NodeCatalog.class)
    void unknownKeysAndNewerVersionsAreRefused(NodeCatalog node) {
        SettingsTree typo = new SettingsTree(node.layout().defaults()).put("plate-colum", "Plate");
        SettingsException e = assertThrows(SettingsException.class, () -> node.layout().validate(typo));
        assertEquals("plate-colum", e.setting());
        SettingsTree newer = new SettingsTree(node.layout().defaults()).put(SettingsTree.VERSION_KEY, 99);
        e = assertThrows(SettingsException.class, () -> node.layout().validate(newer));
        assertEquals(SettingsTree.VERSION_KEY, e.setting());
    }

    /** One invalid value per node, and the key its message must name. */
    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(NodeCatalog.PROFILE_READER, "feature-pattern", SettingValue.of("Cells_(")),
                Arguments.of(NodeCatalog.NORMALIZE, "method", SettingValue.of("median-polish")),
                Arguments.of(NodeCatalog.NORMALIZE, "epsilon", SettingValue.of(-1.0)),
                Arguments.of(NodeCatalog.NORMALIZE, "plate columns", SettingValue.of(List.of())),
                Arguments.of(NodeCatalog.INTERSECT_FEATURES, "min-matched", SettingValue.of(-2)),
                Arguments.of(NodeCatalog.TRAIN_STAGE, "stage", SettingValue.of("4")),
                Arguments.of(NodeCatalog.TRAIN_STAGE, "epochs", SettingValue.of(0)),
                Arguments.of(NodeCatalog.TRAIN_STAGE, "device", SettingValue.of("tpu")),
                Arguments.of(NodeCatalog.TRAIN_STAGE, "micro-batch", SettingValue.of(-1)),
                Arguments.of(NodeCatalog.EMBED, "batch size", SettingValue.of(-1)),
                Arguments.of(NodeCatalog.SCORE_BATCH_CORRECTION, "metrics", SettingValue.of(List.of("accuracy"))),
                Arguments.of(NodeCatalog.SCORE_BATCH_CORRECTION, "neighbours", SettingValue.of(1)),
                Arguments.of(NodeCatalog.BATCH_CORRECT, "iterations", SettingValue.of(0)),
                Arguments.of(NodeCatalog.BATCH_CORRECT, "missing-features", SettingValue.of("guess")),
                Arguments.of(NodeCatalog.MODEL_WRITER, "overwrite", SettingValue.of("maybe")),
                Arguments.of(NodeCatalog.MODEL_READER, "device", SettingValue.of("gpu:-1")),
                Arguments.of(NodeCatalog.SELECT_PROXY_TOKEN, "strategy", SettingValue.of("nearest")),
                Arguments.of(NodeCatalog.SELECT_PROXY_TOKEN, "new source", SettingValue.of("")),
                Arguments.of(NodeCatalog.SELECT_PROXY_TOKEN, "sample rows", SettingValue.of(0)));
    }

    @ParameterizedTest
    @MethodSource("invalidValues")
    void invalidValuesAreRefusedNamingTheSetting(NodeCatalog node, String named, SettingValue bad) {
        String key = node.layout().keys().contains(named) ? named : keyFor(named);
        SettingsTree t = new SettingsTree(node.layout().defaults()).put(key, bad);
        SettingsException e = assertThrows(SettingsException.class, () -> node.layout().validate(t));
        assertEquals(named, e.setting(), e.getMessage());
    }

    /** Settings records name some settings in words (their existing messages); the saved key differs. */
    private static String keyFor(String words) {
        switch (words) {
            case "plate columns":
                return "plate-column";
            case "batch size":
                return "batch-size";
            case "new source":
                return "new-source";
            case "sample rows":
                return "sample-rows";
            default:
                throw new IllegalArgumentException(words);
        }
    }

    @ParameterizedTest
    @EnumSource(value = NodeCatalog.class, names = {"NORMALIZE", "TRAIN_STAGE", "BATCH_CORRECT", "SCORE_BATCH_CORRECTION"})
    void controlWellsAreDescribedTheSameWayEverywhere(NodeCatalog node) {
        SettingsTree d = node.layout().defaults();
        assertEquals(SettingValue.Type.STRING, d.asMap().get("control-column").type());
        assertEquals(SettingValue.Type.STRINGS, d.asMap().get("control-value").type());
        if (node != NodeCatalog.BATCH_CORRECT) { // ComBat, Harmony and Sphering have no plate role
            assertEquals(SettingValue.Type.STRINGS, d.asMap().get("plate-column").type());
        }
    }
}

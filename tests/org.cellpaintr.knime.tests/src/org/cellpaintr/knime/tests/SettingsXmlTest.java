package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cellpaintr.engine.normalize.NormalizeCodec;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.settings.SettingsXml;
import org.cellpaintr.engine.table.SettingsException;
import org.junit.jupiter.api.Test;

/** KNIME's settings file layout, read from a node's settings.xml written by hand from the format's rules. */
class SettingsXmlTest {

    /** A node settings.xml as KNIME saves it: node entries around the model sub-config that holds the keys. */
    private static final String NODE_SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <config xmlns="http://www.knime.org/2008/09/XMLConfig" key="settings.xml">
              <entry key="node_file" type="xstring" value="settings.xml"/>
              <config key="model">
                <entry key="settings-version" type="xint" value="1"/>
                <entry key="preset" type="xstring" value="arevalo"/>
                <config key="plate-column">
                  <entry key="array-size" type="xint" value="2"/>
                  <entry key="0" type="xstring" value="Plate"/>
                  <entry key="1" type="xstring" value="Batch%%00010A"/>
                </config>
                <entry key="control-column" type="xstring" value="Control Type"/>
                <config key="control-value">
                  <entry key="array-size" type="xint" value="1"/>
                  <entry key="0" type="xstring" value="Negative"/>
                </config>
                <entry key="tie-seed" type="xlong" value="5"/>
              </config>
              <entry key="factory" type="xstring" value="org.cellpaintr.knime.nodes.normalize.NormalizeNodeFactory"/>
            </config>
            """;

    @Test
    void readsTheModelConfigOfANodeSettingsFile() throws Exception {
        SettingsTree t = SettingsXml.read(new ByteArrayInputStream(NODE_SETTINGS.getBytes(StandardCharsets.UTF_8)), "x");
        assertEquals(List.of("Plate", "Batch\nA"), t.strings("plate-column"), "lists and the %%ddddd escape");
        NormalizeSettings s = new NormalizeCodec().decode(t);
        NormalizeSettings arevalo = NormalizeSettings.arevalo(List.of("Plate", "Batch\nA"), "Control Type",
                List.of("Negative")).withInverseNormal(true, 5);
        assertEquals(arevalo, s, "the preset applies first, explicit keys override it");
    }

    @Test
    void writesWhatItReads() throws Exception {
        SettingsTree t = new NormalizeCodec().defaults().put("control-column", "Control\tType %% x");
        String xml = SettingsXml.toXml(t, "settings.xml");
        assertEquals(t, SettingsXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "x"));
    }

    @Test
    void wrongTypesNameTheKey() {
        String bad = NODE_SETTINGS.replace("type=\"xlong\" value=\"5\"", "type=\"xlong\" value=\"five\"");
        SettingsException e = assertThrows(SettingsException.class,
                () -> SettingsXml.read(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), "x"));
        assertEquals("tie-seed", e.setting());
    }
}

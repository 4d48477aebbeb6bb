package org.cellpaintr.knime.tests.templates;

import java.util.List;

import org.cellpaintr.engine.settings.SettingsTree;

/**
 * One node of a template as KNIME stores it: id, name (the folder is {@code <name> (#<id>)}), factory, the bundle
 * that provides it, the {@code model} settings (null: an empty config the user fills in the node's dialog), a custom
 * description shown under the node, its position and its output ports (KNIME lists one {@code ports} entry each).
 */
public record TemplateNode(int id, String name, String factory, ProvidingBundle bundle, SettingsTree model,
        String description, int x, int y, int outPorts) {

    /** The folder of the node inside the workflow folder. */
    public String folder() {
        return name + " (#" + id + ")";
    }

    /** The bundle and feature entries KNIME writes so a missing extension can be suggested for installation. */
    public record ProvidingBundle(String name, String symbolicName, String vendor, String version, String featureName,
            String featureSymbolicName, String featureVendor, String featureVersion) {

        public List<String> values() {
            return java.util.Arrays.asList(name, symbolicName, vendor, version, featureName, featureSymbolicName,
                    featureVendor, featureVersion);
        }
    }
}

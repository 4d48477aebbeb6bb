package org.cellpaintr.knime.tests.templates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.settings.SettingsXml;

/**
 * Writes a {@link WorkflowTemplate} as the folder KNIME AP 5.x loads: {@code workflow.knime}, one
 * {@code <node name> (#<id>)/settings.xml} per node, {@code workflowset.meta} and the bundled data under
 * {@code data/}. Keys and layout follow KNIME's XMLConfig format as written by AP 5.x for nodes that were never
 * executed (docs/knime.md, "Workflow templates"). Node model settings are written by {@link SettingsXml}, the code
 * that reads a node's settings file for the command line.
 */
public final class WorkflowWriter {

    /** The workflow format version KNIME 5.x writes (its newest load version). */
    static final String FORMAT_VERSION = "5.1.0";
    static final String CREATED_BY = "5.5.0 (CellPainTR workflow template generator)";
    /** A fixed date, so regenerating a template changes nothing unless the template changed. */
    static final String AUTHORED_WHEN = "2026-01-01 00:00:00 +0000";
    static final String NODE_UI = "org.knime.core.node.workflow.NodeUIInformation";
    static final String CONNECTION_UI = "org.knime.core.node.workflow.ConnectionUIInformation";

    private static final String[] BUNDLE_KEYS = {"node-bundle-name", "node-bundle-symbolic-name", "node-bundle-vendor",
        "node-bundle-version", "node-feature-name", "node-feature-symbolic-name", "node-feature-vendor",
        "node-feature-version"};

    private WorkflowWriter() {
    }

    /** Writes the template into {@code parent/<name>}, data copied from {@code exampleData}; returns the folder. */
    public static Path write(WorkflowTemplate t, Path parent, Path exampleData) throws IOException {
        Path dir = parent.resolve(t.name());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("workflow.knime"), workflowKnime(t), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("workflowset.meta"), workflowsetMeta(t), StandardCharsets.UTF_8);
        for (TemplateNode n : t.nodes()) {
            Path nodeDir = dir.resolve(n.folder());
            Files.createDirectories(nodeDir);
            Files.writeString(nodeDir.resolve("settings.xml"), nodeSettings(n), StandardCharsets.UTF_8);
        }
        if (!t.data().isEmpty()) {
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            for (DataFile f : t.data()) {
                ExampleSubset.write(exampleData.resolve(f.source()), f, data.resolve(f.target()));
            }
            Files.writeString(data.resolve("README.md"), ExampleSubset.readme(t), StandardCharsets.UTF_8);
        }
        return dir;
    }

    static String workflowKnime(WorkflowTemplate t) {
        Xml x = new Xml("workflow.knime");
        x.entry("created_by", "xstring", CREATED_BY);
        x.entry("created_by_nightly", "xboolean", "false");
        x.entry("version", "xstring", FORMAT_VERSION);
        x.entry("name", "xstring", null);
        x.open("authorInformation");
        x.entry("authored-by", "xstring", "CellPainTR for KNIME");
        x.entry("authored-when", "xstring", AUTHORED_WHEN);
        x.entry("lastEdited-by", "xstring", null);
        x.entry("lastEdited-when", "xstring", null);
        x.close();
        x.entry("customDescription", "xstring", t.description());
        x.entry("state", "xstring", "IDLE");
        x.empty("workflow_credentials");
        x.open("nodes");
        for (TemplateNode n : t.nodes()) {
            x.open("node_" + n.id());
            x.entry("id", "xint", String.valueOf(n.id()));
            x.entry("node_settings_file", "xstring", n.folder() + "/settings.xml");
            x.entry("node_is_meta", "xboolean", "false");
            x.entry("node_type", "xstring", "NativeNode");
            x.entry("ui_classname", "xstring", NODE_UI);
            x.open("ui_settings");
            x.open("extrainfo.node.bounds");
            x.entry("array-size", "xint", "4");
            int[] bounds = {n.x(), n.y(), -1, -1};
            for (int i = 0; i < 4; i++) {
                x.entry(String.valueOf(i), "xint", String.valueOf(bounds[i]));
            }
            x.close();
            x.close();
            x.close();
        }
        x.close();
        x.open("connections");
        int i = 0;
        for (Connection c : t.connections()) {
            x.open("connection_" + i++);
            x.entry("sourceID", "xint", String.valueOf(c.sourceId()));
            x.entry("destID", "xint", String.valueOf(c.destId()));
            x.entry("sourcePort", "xint", String.valueOf(c.sourcePort()));
            x.entry("destPort", "xint", String.valueOf(c.destPort()));
            x.entry("ui_classname", "xstring", CONNECTION_UI);
            x.open("ui_settings");
            x.entry("extrainfo.conn.bendpoints_size", "xint", "0");
            x.close();
            x.close();
        }
        x.close();
        x.open("workflow_editor_settings");
        x.entry("workflow.editor.snapToGrid", "xboolean", "true");
        x.entry("workflow.editor.ShowGrid", "xboolean", "false");
        x.entry("workflow.editor.gridX", "xint", "20");
        x.entry("workflow.editor.gridY", "xint", "20");
        x.entry("workflow.editor.zoomLevel", "xdouble", "1.0");
        x.entry("workflow.editor.curvedConnections", "xboolean", "false");
        x.entry("workflow.editor.connectionWidth", "xint", "1");
        x.close();
        return x.finish();
    }

    static String nodeSettings(TemplateNode n) {
        Xml x = new Xml("settings.xml");
        x.entry("node_file", "xstring", "settings.xml");
        x.empty("flow_stack");
        x.open("internal_node_subsettings");
        x.entry("memory_policy", "xstring", "CacheSmallInMemory");
        x.close();
        if (n.model() == null) {
            x.empty("model");
        } else {
            x.config("model", n.model());
        }
        x.entry("customDescription", "xstring", n.description());
        // Never executed: KNIME configures every node when it loads the workflow.
        x.entry("state", "xstring", "IDLE");
        x.entry("factory", "xstring", n.factory());
        x.entry("node-name", "xstring", n.name());
        for (int i = 0; i < BUNDLE_KEYS.length; i++) {
            x.entry(BUNDLE_KEYS[i], "xstring", n.bundle().values().get(i));
        }
        x.empty("factory_settings");
        x.entry("name", "xstring", n.name());
        x.entry("hasContent", "xboolean", "false");
        x.entry("isInactive", "xboolean", "false");
        if (n.outPorts() == 0) {
            x.empty("ports");
        } else {
            x.open("ports");
            for (int p = 1; p <= n.outPorts(); p++) {
                x.open("port_" + p);
                x.entry("index", "xint", String.valueOf(p));
                x.entry("port_dir_location", "xstring", null);
                x.close();
            }
            x.close();
        }
        x.open("filestores");
        x.entry("file_store_location", "xstring", null);
        x.entry("file_store_id", "xstring", null);
        x.close();
        return x.finish();
    }

    /** KNIME's legacy workflow metadata (author and comments), which AP shows in the description panel. */
    static String workflowsetMeta(WorkflowTemplate t) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<KNIMEMetaInfo nrOfElements=\"2\">\n"
                + "    <element form=\"text\" read-only=\"false\" name=\"Author\">CellPainTR for KNIME</element>\n"
                + "    <element form=\"multiline\" read-only=\"false\" name=\"Comments\">" + text(t.description())
                + "</element>\n</KNIMEMetaInfo>\n";
    }

    private static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The nested config builder: indentation as KNIME writes it, entries through {@link SettingsXml}. */
    private static final class Xml {
        private final StringBuilder b;
        private String indent = "    ";

        Xml(String rootKey) {
            b = new StringBuilder(SettingsXml.header(rootKey));
        }

        void entry(String key, String type, String value) {
            b.append(indent).append(SettingsXml.entryXml(key, type, value)).append('\n');
        }

        void open(String key) {
            b.append(indent).append("<config key=\"").append(key).append("\">\n");
            indent += "    ";
        }

        void close() {
            indent = indent.substring(4);
            b.append(indent).append("</config>\n");
        }

        void empty(String key) {
            b.append(indent).append("<config key=\"").append(key).append("\"/>\n");
        }

        void config(String key, SettingsTree tree) {
            SettingsXml.appendConfig(b, tree, key, indent);
        }

        String finish() {
            return b.append("</config>\n").toString();
        }
    }
}

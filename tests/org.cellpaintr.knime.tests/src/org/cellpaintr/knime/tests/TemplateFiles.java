package org.cellpaintr.knime.tests;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.settings.SettingsXml;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A committed workflow template read back: its CellPainTR nodes with their validated settings, its connections. */
final class TemplateFiles {

    private TemplateFiles() {
    }

    static Path workflow(String name) {
        return Repo.root().resolve("workflows").resolve(name);
    }

    /** The one node of a kind. */
    static Saved only(List<Saved> nodes, NodeCatalog node) {
        List<Saved> found = nodes.stream().filter(s -> s.node() == node).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " " + node + " nodes");
        }
        return found.get(0);
    }

    record Saved(int id, NodeCatalog node, SettingsTree settings) {
    }

    /** A connection's source node id and its destination node id. */
    record Link(int source, int dest) {
    }

    static List<Link> links(Path workflow) throws Exception {
        List<Link> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(workflow.resolve("workflow.knime"))) {
            Element connections = child(Repo.xml(in, true).getDocumentElement(), "connections");
            for (Node n = connections.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element c) {
                    out.add(new Link(Integer.parseInt(value(c, "sourceID")), Integer.parseInt(value(c, "destID"))));
                }
            }
        }
        return out;
    }

    static String value(Element config, String key) {
        for (Node e = config.getFirstChild(); e != null; e = e.getNextSibling()) {
            if (e instanceof Element en && key.equals(en.getAttribute("key"))) {
                return en.getAttribute("value");
            }
        }
        throw new AssertionError("no entry " + key);
    }

    static List<Saved> settings(Path workflow) throws Exception {
        List<Saved> out = new ArrayList<>();
        Element nodes;
        try (InputStream in = Files.newInputStream(workflow.resolve("workflow.knime"))) {
            nodes = child(Repo.xml(in, true).getDocumentElement(), "nodes");
        }
        for (Node n = nodes.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element node)) {
                continue;
            }
            Path settingsFile = workflow.resolve(value(node, "node_settings_file"));
            int id = Integer.parseInt(value(node, "id"));
            String factory = Files.readString(settingsFile);
            for (NodeCatalog c : NodeCatalog.values()) {
                if (factory.contains("value=\"" + c.factoryClass() + "\"")) {
                    out.add(new Saved(id, c, c.layout().validate(SettingsXml.read(settingsFile))));
                }
            }
        }
        return out;
    }

    static Element child(Element parent, String key) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && key.equals(e.getAttribute("key"))) {
                return e;
            }
        }
        throw new AssertionError("no config " + key);
    }

}

package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.cellpaintr.knime.nodes.NodeCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every node description follows KNIME's v4.1 structure (knimeNode with name, shortDescription, fullDescription of
 * intro then options, ports), documents every settings key the node saves (as "Label (key)") and every port
 * (indices from 0, each with text), and points at a 16x16 PNG icon next to the factory.
 */
class NodeDescriptionTest {

    private static final String NS = "http://knime.org/node/v4.1";
    private static final Set<String> TYPES = Set.of("Source", "Sink", "Learner", "Predictor", "Manipulator",
            "Visualizer", "Other");

    private static Document description(NodeCatalog node) throws Exception {
        try (InputStream in = NodeCatalog.class.getResourceAsStream(node.descriptionResource())) {
            assertNotNull(in, "no description " + node.descriptionResource());
            return Repo.xml(in, true);
        }
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                assertEquals(NS, c.getNamespaceURI(), "element " + c.getLocalName() + " outside the v4.1 namespace");
                out.add(c);
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(NodeCatalog.class)
    void followsTheV41Structure(NodeCatalog node) throws Exception {
        Element root = description(node).getDocumentElement();
        assertEquals("knimeNode", root.getLocalName());
        assertEquals(NS, root.getNamespaceURI());
        assertTrue(TYPES.contains(root.getAttribute("type")), "node type " + root.getAttribute("type"));
        List<String> order = children(root).stream().map(Element::getLocalName).toList();
        assertEquals(List.of("name", "shortDescription", "fullDescription", "ports"), order);
        List<Element> full = children(children(root).get(2));
        assertEquals("intro", full.get(0).getLocalName());
        for (Element option : full.subList(1, full.size())) {
            assertEquals("option", option.getLocalName());
            assertFalse(option.getAttribute("name").isBlank());
            assertFalse(option.getTextContent().isBlank(), "option " + option.getAttribute("name") + " has no text");
        }
    }

    @ParameterizedTest
    @EnumSource(NodeCatalog.class)
    void documentsEverySavedKeyAndNothingElse(NodeCatalog node) throws Exception {
        NodeList options = description(node).getElementsByTagNameNS(NS, "option");
        Set<String> documented = new TreeSet<>();
        for (int i = 0; i < options.getLength(); i++) {
            String name = ((Element) options.item(i)).getAttribute("name");
            assertTrue(name.matches(".+ \\([a-z0-9-]+\\)"), "option name must end with its key: " + name);
            documented.add(name.substring(name.lastIndexOf('(') + 1, name.length() - 1));
        }
        assertEquals(new TreeSet<>(node.layout().keys()), documented);
    }

    @ParameterizedTest
    @EnumSource(NodeCatalog.class)
    void documentsEveryPort(NodeCatalog node) throws Exception {
        Document d = description(node);
        for (String kind : List.of("inPort", "outPort")) {
            NodeList ports = d.getElementsByTagNameNS(NS, kind);
            assertEquals(kind.equals("inPort") ? node.inPorts() : node.outPorts(), ports.getLength(), kind + "s");
            for (int i = 0; i < ports.getLength(); i++) {
                Element p = (Element) ports.item(i);
                assertEquals(String.valueOf(i), p.getAttribute("index"));
                assertFalse(p.getAttribute("name").isBlank());
                assertFalse(p.getTextContent().isBlank());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NodeCatalog.class)
    void iconIsA16x16Png(NodeCatalog node) throws Exception {
        String icon = description(node).getDocumentElement().getAttribute("icon");
        assertTrue(icon.startsWith("./"), icon);
        String dir = node.descriptionResource().substring(0, node.descriptionResource().lastIndexOf('/') + 1);
        try (DataInputStream in = new DataInputStream(NodeCatalog.class.getResourceAsStream(dir + icon.substring(2)))) {
            assertEquals(0x89504E470D0A1A0AL, in.readLong(), "PNG signature");
            assertEquals(13, in.readInt(), "IHDR length");
            assertEquals(0x49484452, in.readInt(), "IHDR first");
            assertEquals(16, in.readInt(), "width");
            assertEquals(16, in.readInt(), "height");
        }
    }
}

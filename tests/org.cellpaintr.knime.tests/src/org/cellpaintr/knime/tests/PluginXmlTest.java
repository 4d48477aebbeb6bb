package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;

import org.cellpaintr.knime.nodes.NodeCatalog;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * plugin.xml names only classes that exist in the bundle, of the right kind: node factories (the catalog's, in
 * category /community/cellpaintr) and the model port's object, spec and serializers. Classes are loaded, never
 * instantiated (KNIME's classes are declarations here).
 */
class PluginXmlTest {

    private static Document pluginXml() throws Exception {
        try (InputStream in = Files.newInputStream(Repo.root().resolve("plugins/org.cellpaintr.knime/plugin.xml"))) {
            return Repo.xml(in, false);
        }
    }

    private static Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, false, NodeCatalog.class.getClassLoader());
    }

    @Test
    void nodesAreTheCatalogsFactories() throws Exception {
        NodeList nodes = pluginXml().getElementsByTagName("node");
        Set<String> listed = new TreeSet<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element n = (Element) nodes.item(i);
            listed.add(n.getAttribute("factory-class"));
            assertEquals("/community/cellpaintr", n.getAttribute("category-path"));
            Class<?> factory = load(n.getAttribute("factory-class"));
            assertEquals("org.knime.core.node.NodeFactory", factory.getSuperclass().getSuperclass().getName(),
                    factory + " must be a NodeFactory");
        }
        Set<String> catalog = new TreeSet<>();
        for (NodeCatalog c : NodeCatalog.values()) {
            catalog.add(c.factoryClass());
        }
        assertEquals(catalog, listed);
        Element category = (Element) pluginXml().getElementsByTagName("category").item(0);
        assertEquals("/community", category.getAttribute("path"));
        assertEquals("cellpaintr", category.getAttribute("level-id"));
    }

    @Test
    void portTypeClassesExist() throws Exception {
        Element port = (Element) pluginXml().getElementsByTagName("portType").item(0);
        Class<?> object = load(port.getAttribute("objectClass"));
        Class<?> spec = load(port.getAttribute("specClass"));
        assertTrue(load("org.knime.core.node.port.PortObject").isAssignableFrom(object));
        assertTrue(load("org.knime.core.node.port.PortObjectSpec").isAssignableFrom(spec));
        assertEquals("org.knime.core.node.port.PortObject$PortObjectSerializer",
                load(port.getAttribute("objectSerializer")).getSuperclass().getName());
        assertEquals("org.knime.core.node.port.PortObjectSpec$PortObjectSpecSerializer",
                load(port.getAttribute("specSerializer")).getSuperclass().getName());
        // public no-argument constructors: KNIME creates serializers by reflection
        load(port.getAttribute("objectSerializer")).getConstructor();
        load(port.getAttribute("specSerializer")).getConstructor();
    }
}

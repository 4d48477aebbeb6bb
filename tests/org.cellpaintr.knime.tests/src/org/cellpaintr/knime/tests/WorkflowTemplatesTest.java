package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.cellpaintr.engine.io.ReaderCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.settings.SettingsXml;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.tests.templates.ExampleSubset;
import org.cellpaintr.knime.tests.templates.KnimeNodes;
import org.cellpaintr.knime.tests.templates.NodePorts;
import org.cellpaintr.knime.tests.templates.Port;
import org.cellpaintr.knime.tests.templates.PortKind;
import org.cellpaintr.knime.tests.templates.Templates;
import org.cellpaintr.knime.tests.templates.WorkflowTemplate;
import org.cellpaintr.knime.tests.templates.WorkflowWriter;
import org.cellpaintr.model.archive.ModelReaderCodec;
import org.cellpaintr.model.archive.ModelWriterCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The workflow templates under {@code workflows/}: what is committed is what the generator writes from the nodes'
 * own settings code (so templates cannot drift from the nodes), every node's settings load and validate through
 * that code, every connection joins existing ports of the same kind, every factory is one of ours or a documented
 * KNIME node, the bundled data sits inside each workflow, and each {@code .knwf} the build writes
 * ({@code workflows/target}) holds one top-level folder with the whole committed workflow.
 */
class WorkflowTemplatesTest {

    private static final Path BUILT = Repo.root().resolve("tests/org.cellpaintr.knime.tests/target/workflows");

    /** Writes every template afresh into target/workflows. */
    @BeforeAll
    static void generate() throws Exception {
        for (WorkflowTemplate t : Templates.all()) {
            delete(BUILT.resolve(t.name()));
            WorkflowWriter.write(t, BUILT, Repo.exampleData());
        }
    }

    private static Path committed(String name) {
        return Repo.root().resolve("workflows").resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {Templates.TRAIN, Templates.APPLY, Templates.BENCHMARK})
    void committedTemplateIsWhatTheGeneratorWrites(String name) throws Exception {
        Path want = BUILT.resolve(name);
        Path have = committed(name);
        String fix = "workflows/" + name + " differs from what the generator writes; regenerate with: rm -rf 'workflows/"
                + name + "' && cp -r 'tests/org.cellpaintr.knime.tests/target/workflows/" + name + "' workflows/";
        assertTrue(Files.isDirectory(have), fix);
        assertEquals(files(want), files(have), fix);
        for (String f : files(want)) {
            if (f.endsWith(".gz")) {
                // compared by content: another zlib may compress the same rows to other bytes
                assertEquals(ExampleSubset.gunzipLines(want.resolve(f)), ExampleSubset.gunzipLines(have.resolve(f)),
                        f + ": " + fix);
            } else {
                List<String> w = Files.readAllLines(want.resolve(f));
                List<String> h = Files.readAllLines(have.resolve(f));
                int line = 0;
                while (line < Math.min(w.size(), h.size()) && w.get(line).equals(h.get(line))) {
                    line++;
                }
                assertTrue(w.equals(h), f + " line " + (line + 1) + ": generator writes '"
                        + (line < w.size() ? w.get(line).strip() : "(end)") + "', committed has '"
                        + (line < h.size() ? h.get(line).strip() : "(end)") + "'; " + fix);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Templates.TRAIN, Templates.APPLY, Templates.BENCHMARK})
    void everyNodeSettingsLoadsThroughItsNodesSavedSettingsCode(String name) throws Exception {
        for (NodeEntry n : nodes(name)) {
            Document d = xml(n.settingsFile());
            assertEquals("settings.xml", d.getDocumentElement().getAttribute("key"));
            String factory = entry(d.getDocumentElement(), "factory");
            String state = entry(d.getDocumentElement(), "state");
            assertTrue(Set.of("IDLE", "CONFIGURED").contains(state), n + ": state " + state);
            assertEquals(entry(d.getDocumentElement(), "node-name"), entry(d.getDocumentElement(), "name"));
            assertEquals(n.folder(), entry(d.getDocumentElement(), "node-name") + " (#" + n.id() + ")",
                    "node folder is named after the node");
            NodeCatalog ours = catalog(factory);
            if (ours != null) {
                SettingsTree saved = SettingsXml.read(n.settingsFile());
                assertEquals(ours.layout().keys(), saved.keys(), n + " saves exactly the node's keys");
                SettingsTree full = ours.layout().validate(saved);
                assertNotNull(ours.layout().decode(full), n.toString());
                assertEquals(Templates.nodeName(ours), entry(d.getDocumentElement(), "node-name"));
            } else {
                assertTrue(KnimeNodes.KEYS.containsKey(factory), n + ": " + factory + " is no documented KNIME node");
                assertEquals(KnimeNodes.KEYS.get(factory), childKeys(child(d.getDocumentElement(), "config", "model")),
                        n + ": only keys shown by KNIME's public sources");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Templates.TRAIN, Templates.APPLY, Templates.BENCHMARK})
    void everyConnectionJoinsExistingPortsOfTheSameKind(String name) throws Exception {
        Map<Integer, List<Port>> ins = new HashMap<>();
        Map<Integer, List<Port>> outs = new HashMap<>();
        for (NodeEntry n : nodes(name)) {
            String factory = entry(xml(n.settingsFile()).getDocumentElement(), "factory");
            NodeCatalog ours = catalog(factory);
            if (ours != null) {
                NodePorts p = NodePorts.of(ours, Repo.root());
                assertEquals(ours.inPorts(), p.inputs().size(), ours + ": catalog and node model disagree on inputs");
                assertEquals(ours.outPorts(), p.outputs().size(), ours + ": catalog and node model disagree on outputs");
                ins.put(n.id(), p.inputs());
                outs.put(n.id(), p.outputs());
            } else {
                ins.put(n.id(), KnimeNodes.INPUTS.get(factory));
                outs.put(n.id(), KnimeNodes.OUTPUTS.get(factory));
            }
        }
        Set<String> fed = new HashSet<>();
        Element connections = child(xml(committed(name).resolve("workflow.knime")).getDocumentElement(), "config",
                "connections");
        int count = 0;
        for (Element c : children(connections, "config")) {
            count++;
            int src = Integer.parseInt(entry(c, "sourceID"));
            int dst = Integer.parseInt(entry(c, "destID"));
            int sp = Integer.parseInt(entry(c, "sourcePort"));
            int dp = Integer.parseInt(entry(c, "destPort"));
            assertTrue(outs.containsKey(src), name + ": connection from missing node " + src);
            assertTrue(ins.containsKey(dst), name + ": connection to missing node " + dst);
            PortKind from = kind(outs.get(src), sp, name + ": node " + src + " has no output port " + sp);
            PortKind to = kind(ins.get(dst), dp, name + ": node " + dst + " has no input port " + dp);
            assertEquals(from, to, name + ": " + src + ":" + sp + " -> " + dst + ":" + dp);
            assertTrue(fed.add(dst + ":" + dp), name + ": input port " + dp + " of node " + dst + " connected twice");
        }
        assertTrue(count > 0, name + " has connections");
        for (var e : ins.entrySet()) {
            for (int p = 0; p < e.getValue().size(); p++) {
                if (!e.getValue().get(p).optional()) {
                    assertTrue(fed.contains(e.getKey() + ":" + (p + 1)),
                            name + ": required input " + (p + 1) + " of node " + e.getKey() + " is not connected");
                }
            }
        }
    }

    /** Port 0 of a native node is KNIME's flow-variable port; data ports count from 1. */
    private static PortKind kind(List<Port> ports, int index, String message) {
        if (index == 0) {
            return PortKind.FLOW_VARIABLES;
        }
        assertTrue(index >= 1 && index <= ports.size(), message);
        return ports.get(index - 1).kind();
    }

    @ParameterizedTest
    @ValueSource(strings = {Templates.TRAIN, Templates.APPLY, Templates.BENCHMARK})
    void knwfHasOneTopLevelFolderWithTheWholeWorkflow(String name) throws Exception {
        Set<String> entries = new TreeSet<>();
        // the build's .knwf (module workflows, before this bundle in the reactor)
        Path knwf = Repo.root().resolve("workflows/target").resolve(name + ".knwf");
        assertTrue(Files.isRegularFile(knwf), knwf + " missing: the workflows module of the build zips the templates");
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(knwf))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                assertTrue(e.getName().startsWith(name + "/"), e.getName() + " is outside the top-level folder");
                entries.add(e.getName().substring(name.length() + 1));
            }
        }
        Set<String> expected = new TreeSet<>(files(committed(name)));
        entries.removeIf(e -> e.isEmpty() || e.endsWith("/"));
        assertEquals(expected, entries);
        assertTrue(entries.contains("workflow.knime"));
        for (NodeEntry n : nodes(name)) {
            assertTrue(entries.contains(n.folder() + "/settings.xml"), n.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Templates.TRAIN, Templates.APPLY, Templates.BENCHMARK})
    void everyFactoryIsInPluginXmlOrADocumentedKnimeNode(String name) throws Exception {
        String pluginXml = Files.readString(Repo.root().resolve("plugins/org.cellpaintr.knime/plugin.xml"));
        for (NodeEntry n : nodes(name)) {
            String factory = entry(xml(n.settingsFile()).getDocumentElement(), "factory");
            if (factory.startsWith("org.cellpaintr.")) {
                assertTrue(pluginXml.contains("factory-class=\"" + factory + "\""), factory + " not in plugin.xml");
            } else {
                assertTrue(KnimeNodes.INPUTS.containsKey(factory), factory + " is not a documented KNIME node");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Templates.TRAIN, Templates.APPLY, Templates.BENCHMARK})
    void readersFindTheirDataInsideTheWorkflow(String name) throws Exception {
        int readers = 0;
        for (NodeEntry n : nodes(name)) {
            String factory = entry(xml(n.settingsFile()).getDocumentElement(), "factory");
            if (factory.equals(NodeCatalog.PROFILE_READER.factoryClass())) {
                readers++;
                String input = SettingsXml.read(n.settingsFile()).string(ReaderCodec.INPUT);
                String prefix = "knime://knime.workflow/";
                assertTrue(input.startsWith(prefix), input + " is not workflow-relative");
                Path file = committed(name).resolve(input.substring(prefix.length()));
                assertTrue(Files.isRegularFile(file), input + " is not inside the workflow");
                assertTrue(ExampleSubset.gunzipLines(file).size() > 100, input + " holds wells");
            }
        }
        assertEquals(1, readers, name + " reads one profile table");
        assertTrue(Files.isRegularFile(committed(name).resolve("data/README.md")), "provenance note");
    }

    @Test
    void applyReadsTheModelTrainWrites() throws Exception {
        String written = null;
        for (NodeEntry n : nodes(Templates.TRAIN)) {
            if (n.folder().startsWith("Model Writer")) {
                written = SettingsXml.read(n.settingsFile()).string(ModelWriterCodec.MODEL_OUT);
            }
        }
        String read = null;
        for (NodeEntry n : nodes(Templates.APPLY)) {
            if (n.folder().startsWith("Model Reader")) {
                read = SettingsXml.read(n.settingsFile()).string(ModelReaderCodec.MODEL);
            }
        }
        assertNotNull(written);
        assertEquals(written, read);
        assertTrue(written.startsWith("knime://knime.workflow/../"), "next to the workflows, in their group");
    }

    // ---------------------------------------------------------------------------------------------------------

    private record NodeEntry(int id, String folder, Path settingsFile) {
    }

    private static List<NodeEntry> nodes(String name) throws Exception {
        Path dir = committed(name);
        Element nodes = child(xml(dir.resolve("workflow.knime")).getDocumentElement(), "config", "nodes");
        List<NodeEntry> out = new ArrayList<>();
        for (Element n : children(nodes, "config")) {
            assertEquals("NativeNode", entry(n, "node_type"));
            String file = entry(n, "node_settings_file");
            Path settings = dir.resolve(file);
            assertTrue(Files.isRegularFile(settings), name + ": " + file + " missing");
            out.add(new NodeEntry(Integer.parseInt(entry(n, "id")), file.substring(0, file.indexOf('/')), settings));
        }
        assertFalse(out.isEmpty(), name + " has nodes");
        return out;
    }

    private static NodeCatalog catalog(String factory) {
        for (NodeCatalog c : NodeCatalog.values()) {
            if (c.factoryClass().equals(factory)) {
                return c;
            }
        }
        return null;
    }

    private static Document xml(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            Document d = Repo.xml(in, true);
            assertEquals(SettingsXml.NAMESPACE, d.getDocumentElement().getNamespaceURI(), file.toString());
            return d;
        }
    }

    private static List<Element> children(Element parent, String element) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && element.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String element, String key) {
        for (Element e : children(parent, element)) {
            if (key.equals(e.getAttribute("key"))) {
                return e;
            }
        }
        fail("no " + element + " '" + key + "' in " + parent.getAttribute("key"));
        return null;
    }

    private static String entry(Element parent, String key) {
        Element e = child(parent, "entry", key);
        return "true".equals(e.getAttribute("isnull")) ? null : e.getAttribute("value");
    }

    private static Set<String> childKeys(Element config) {
        Set<String> out = new HashSet<>();
        for (Node n = config.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e.getAttribute("key"));
            }
        }
        return out;
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}

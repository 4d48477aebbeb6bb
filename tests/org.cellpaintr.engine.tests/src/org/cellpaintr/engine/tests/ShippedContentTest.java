package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What users install is product code only: the feature lists exactly the bundles under plugins/ (benchmarks, tests
 * and compile-only declarations live elsewhere and are never packaged), no product bundle exports a benchmark
 * package, and the embedded third-party jars are listed once (the thirdparty pom) with the manifest and the lib
 * folder checked against it.
 */
class ShippedContentTest {

    private static Path repo() {
        String dir = System.getProperty("cellpaintr.repo.dir");
        Path p = dir != null ? Path.of(dir) : Path.of("../..");
        assertTrue(Files.isRegularFile(p.resolve("pom.xml")), "repository root not found at " + p.toAbsolutePath());
        return p;
    }

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static Set<String> attributes(Document d, String element, String attribute) {
        Set<String> out = new TreeSet<>();
        NodeList nodes = d.getElementsByTagName(element);
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(((Element) nodes.item(i)).getAttribute(attribute));
        }
        return out;
    }

    private static Set<String> productBundles() throws IOException {
        try (Stream<Path> s = Files.list(repo().resolve("plugins"))) {
            return s.filter(p -> Files.isRegularFile(p.resolve("META-INF/MANIFEST.MF")))
                    .map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Manifest manifest(Path bundle) throws IOException {
        try (InputStream in = Files.newInputStream(bundle.resolve("META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        }
    }

    /** Comma-separated manifest header entries, without their attributes and directives. */
    private static List<String> headerEntries(Manifest m, String header) {
        String v = m.getMainAttributes().getValue(header);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        // split on commas outside quotes (version ranges contain commas)
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : v.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString().split(";")[0].trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString().split(";")[0].trim());
        }
        return out;
    }

    @Test
    void featureContainsExactlyTheProductBundles() throws Exception {
        Set<String> listed = attributes(xml(repo().resolve("features/org.cellpaintr.feature/feature.xml")), "plugin", "id");
        assertEquals(productBundles(), listed, "feature.xml must list exactly the bundles under plugins/");
        for (String id : listed) {
            assertFalse(id.contains("bench") || id.endsWith(".tests") || id.startsWith("org.knime."),
                    "not product code, must not be installed: " + id);
        }
    }

    @Test
    void updateSiteOffersOnlyTheFeature() throws Exception {
        Document category = xml(repo().resolve("update-site/category.xml"));
        assertEquals(Set.of("org.cellpaintr.feature"), attributes(category, "feature", "id"));
        assertEquals(0, category.getElementsByTagName("bundle").getLength(), "no loose bundles on the update site");
    }

    @Test
    void noProductBundleExportsBenchmarkCode() throws IOException {
        for (String bundle : productBundles()) {
            for (String pkg : headerEntries(manifest(repo().resolve("plugins").resolve(bundle)), "Export-Package")) {
                assertFalse(pkg.contains(".bench"), bundle + " exports benchmark package " + pkg);
            }
        }
        assertFalse(Files.exists(repo().resolve("plugins/org.cellpaintr.benchmarks")),
                "the benchmarks bundle lives under benchmarks/, outside the product bundles");
    }

    /** The pom's copy list is the one list; the manifest class path and the lib folder must agree with it. */
    @Test
    void embeddedJarsAreListedOnceAndAgree() throws Exception {
        Path thirdparty = repo().resolve("plugins/org.cellpaintr.thirdparty");
        Set<String> fromPom = new TreeSet<>();
        NodeList names = xml(thirdparty.resolve("pom.xml")).getElementsByTagName("destFileName");
        for (int i = 0; i < names.getLength(); i++) {
            fromPom.add("lib/" + names.item(i).getTextContent().trim());
        }
        assertFalse(fromPom.isEmpty(), "no artifactItems in the thirdparty pom");
        Set<String> classPath = new TreeSet<>(headerEntries(manifest(thirdparty), "Bundle-ClassPath"));
        classPath.remove(".");
        assertEquals(fromPom, classPath, "Bundle-ClassPath must name exactly the jars the pom copies into lib/");
        Path lib = thirdparty.resolve("lib");
        if (Files.isDirectory(lib)) { // filled by the build's validate phase, which precedes these tests
            try (Stream<Path> s = Files.list(lib)) {
                Set<String> present = s.map(p -> "lib/" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
                assertEquals(fromPom, present, "lib/ holds a jar the pom does not list (stale) or misses one");
            }
        }
        String build = Files.readString(thirdparty.resolve("build.properties"));
        assertTrue(build.contains("lib/"), "build.properties must package lib/");
        assertFalse(build.contains(".jar"), "build.properties must not repeat the jar list");
        // the licence summary users see must name every jar that is installed
        String about = Files.readString(thirdparty.resolve("about.html"));
        for (String jar : fromPom) {
            String name = jar.substring("lib/".length());
            assertTrue(about.contains(name), "about.html does not name the embedded " + name + " and its licence");
        }
    }
}

package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;

/** Paths of the repository the tests run in, and a safe XML parser. */
final class Repo {

    private Repo() {
    }

    static Path root() {
        String dir = System.getProperty("cellpaintr.repo.dir");
        Path p = dir != null ? Path.of(dir) : Path.of("../..");
        assertTrue(Files.isRegularFile(p.resolve("pom.xml")), "repository root not found at " + p.toAbsolutePath());
        return p;
    }

    static Path exampleData() {
        String dir = System.getProperty("cellpaintr.example.dir");
        return dir != null ? Path.of(dir) : root().resolve("workflows/data");
    }

    static Document xml(java.io.InputStream in, boolean namespaces) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(namespaces);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(in);
    }
}

package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * How the nodes ship: the feature and update site carry the node bundle but never the KNIME declarations; the
 * declarations claim the symbolic name and a version inside the range the node bundle requires; and no third-party
 * package is offered to KNIME's bundles (KNIME has its own Arrow, Jackson, Gson, SLF4J): every export of the
 * third-party bundle carries a mandatory attribute that only a bundle asking for it matches, and our bundles reach
 * it through Require-Bundle, which the mandatory attribute does not restrict.
 */
class PackagingTest {

    private static Manifest manifest(String bundleDir) throws Exception {
        try (InputStream in = Files.newInputStream(Repo.root().resolve(bundleDir).resolve("META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        }
    }

    /** Header clauses split on commas outside quotes. */
    private static List<String> clauses(Manifest m, String header) {
        String v = m.getMainAttributes().getValue(header);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : v.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    @Test
    void featureAndSiteShipTheNodesButNotTheDeclarations() throws Exception {
        String feature = Files.readString(Repo.root().resolve("features/org.cellpaintr.feature/feature.xml"));
        assertTrue(feature.contains("id=\"org.cellpaintr.knime\""));
        assertFalse(feature.contains("org.knime."), "KNIME's bundles come from KNIME, never from our feature");
        String site = Files.readString(Repo.root().resolve("update-site/category.xml"));
        assertFalse(site.contains("org.knime."));
        String sitePom = Files.readString(Repo.root().resolve("update-site/pom.xml"));
        assertTrue(sitePom.contains("<includeAllDependencies>false</includeAllDependencies>"),
                "the site must not pull the declarations (or anything else) in as a dependency");
        Path built = Repo.root().resolve("update-site/target/repository/plugins");
        if (Files.isDirectory(built)) {
            try (var files = Files.list(built)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.stream().anyMatch(n -> n.startsWith("org.cellpaintr.knime_")), names.toString());
                assertTrue(names.stream().noneMatch(n -> n.startsWith("org.knime.")), names.toString());
            }
        }
    }

    @Test
    void declarationsSatisfyTheNodeBundlesRequirement() throws Exception {
        Manifest decl = manifest("declarations/org.knime.core");
        assertEquals("org.knime.core", decl.getMainAttributes().getValue("Bundle-SymbolicName"));
        String version = decl.getMainAttributes().getValue("Bundle-Version");
        String require = clauses(manifest("plugins/org.cellpaintr.knime"), "Require-Bundle").stream()
                .filter(c -> c.startsWith("org.knime.core;")).findFirst().orElseThrow();
        assertTrue(require.contains("bundle-version=\"[5.5.0,6.0.0)\""), require);
        String[] v = version.split("\\.");
        int major = Integer.parseInt(v[0]);
        int minor = Integer.parseInt(v[1]);
        assertTrue(major == 5 && minor >= 5, "declarations version " + version + " outside [5.5.0,6.0.0)");
        assertFalse(Files.exists(Repo.root().resolve("plugins/org.knime.core")), "declarations never under plugins/");
    }

    @Test
    void thirdPartyPackagesAreNotOfferedToKnime() throws Exception {
        List<String> exports = clauses(manifest("plugins/org.cellpaintr.thirdparty"), "Export-Package");
        assertTrue(exports.size() > 50);
        for (String e : exports) {
            String pkg = e.split(";")[0];
            if (pkg.equals("org.cellpaintr.thirdparty")) {
                continue;
            }
            assertTrue(e.contains(";cellpaintr=internal") && e.contains(";mandatory:=cellpaintr"),
                    "export without the mandatory attribute: " + e);
        }
        for (String prefix : List.of("org.apache.arrow.", "com.google.gson")) {
            assertTrue(exports.stream().anyMatch(e -> e.startsWith(prefix)), prefix + " is embedded and exported");
        }
        // Our bundles reach the third-party packages only through Require-Bundle (never Import-Package, which the
        // mandatory attribute would block).
        for (String b : List.of("plugins/org.cellpaintr.engine", "plugins/org.cellpaintr.model",
                "plugins/org.cellpaintr.cli", "plugins/org.cellpaintr.knime")) {
            for (String imp : clauses(manifest(b), "Import-Package")) {
                String pkg = imp.split(";")[0];
                assertFalse(pkg.startsWith("org.apache.") || pkg.startsWith("com.google.") || pkg.startsWith("ai.djl")
                        || pkg.startsWith("org.slf4j") || pkg.startsWith("com.fasterxml"), b + " imports " + imp);
            }
        }
        assertTrue(clauses(manifest("plugins/org.cellpaintr.engine"), "Require-Bundle").get(0)
                .startsWith("org.cellpaintr.thirdparty"));
    }
}

package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.cellpaintr.knime.nodes.NodeCatalog;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * In the running OSGi framework (Equinox, as in KNIME): the third-party bundle's packages carry the mandatory
 * attribute, so no bundle is wired to them by Import-Package, while our bundles reach them through Require-Bundle
 * (the node bundle's classes load Arrow and DJL classes).
 */
class ThirdPartyWiringTest {

    private static Bundle bundle(String symbolicName) {
        for (Bundle b : FrameworkUtil.getBundle(ThirdPartyWiringTest.class).getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    @Test
    void packagesAreExportedWithTheMandatoryAttribute() {
        BundleRevision thirdparty = bundle("org.cellpaintr.thirdparty").adapt(BundleRevision.class);
        List<BundleCapability> packages = thirdparty.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE);
        assertTrue(packages.size() > 50);
        for (BundleCapability c : packages) {
            Object pkg = c.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
            if ("org.cellpaintr.thirdparty".equals(pkg)) {
                continue;
            }
            assertEquals("cellpaintr", c.getDirectives().get("mandatory"), pkg + " has no mandatory attribute");
            assertEquals("internal", c.getAttributes().get("cellpaintr"), String.valueOf(pkg));
        }
    }

    @Test
    void noBundleImportsThemAndOursRequireTheBundle() throws Exception {
        BundleWiring wiring = bundle("org.cellpaintr.thirdparty").adapt(BundleWiring.class);
        assertNotNull(wiring, "the third-party bundle is resolved");
        List<BundleWire> packageWires = wiring.getProvidedWires(BundleRevision.PACKAGE_NAMESPACE);
        for (BundleWire w : packageWires) {
            assertEquals("org.cellpaintr.thirdparty", w.getCapability().getAttributes().get(
                    BundleRevision.PACKAGE_NAMESPACE), w.getRequirer().getSymbolicName()
                    + " imports a third-party package by Import-Package");
        }
        List<BundleWire> bundleWires = wiring.getProvidedWires(BundleRevision.BUNDLE_NAMESPACE);
        assertTrue(bundleWires.stream().anyMatch(w -> "org.cellpaintr.engine".equals(w.getRequirer().getSymbolicName())));
        // the node bundle sees Arrow and DJL through engine -> thirdparty (re-exported Require-Bundle)
        ClassLoader nodes = NodeCatalog.class.getClassLoader();
        assertNotNull(Class.forName("org.apache.arrow.vector.Float4Vector", false, nodes));
        assertNotNull(Class.forName("ai.djl.ndarray.NDArray", false, nodes));
    }
}

package org.cellpaintr.model.archive;

import java.util.LinkedHashMap;
import java.util.Map;

import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.engine.Engine;

/** The versions recorded with every stage: which code produced a model. */
public final class LibraryVersions {

    private LibraryVersions() {
    }

    /** CellPainTR model bundle, DJL, libtorch, Java and OS architecture of this process. */
    public static Map<String, String> current() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("cellpaintr-model", bundleVersion());
        v.put("djl", Engine.getDjlVersion());
        try {
            v.put("libtorch", Runtimes.pytorch().getVersion());
        } catch (RuntimeException e) {
            v.put("libtorch", "unavailable");
        }
        v.put("java", System.getProperty("java.version"));
        v.put("os.arch", System.getProperty("os.arch"));
        return v;
    }

    private static String bundleVersion() {
        try {
            org.osgi.framework.Bundle b = org.osgi.framework.FrameworkUtil.getBundle(LibraryVersions.class);
            if (b != null) {
                return b.getVersion().toString();
            }
        } catch (NoClassDefFoundError e) {
            // running outside OSGi (benchmarks, plain class path)
        }
        String v = LibraryVersions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

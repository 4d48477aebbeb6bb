package org.cellpaintr.thirdparty;

import java.util.concurrent.Callable;

import ai.djl.engine.Engine;

/**
 * Starts the embedded runtimes with this bundle's class loader as the thread context class loader.
 *
 * <p>Why: DJL discovers its engine through {@link java.util.ServiceLoader} and its libtorch natives through
 * class-path resources ({@code native/lib/pytorch.properties}), both looked up through the context class loader.
 * Inside OSGi (KNIME, the Equinox tests) that loader is not the one that holds the embedded jars, so every first
 * contact with DJL goes through here. Outside OSGi the bundle loader is the application loader and nothing changes.
 */
public final class Runtimes {

    /** DJL's engine name for libtorch. */
    public static final String PYTORCH = "PyTorch";

    private Runtimes() {
    }

    /** The C library's setenv, reached through JNA (which DJL embeds anyway). */
    private interface LibC extends com.sun.jna.Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * libtorch's OpenMP threads spin while they wait. When another process holds one of the cores (a KNIME executor
     * running other nodes, a shared CI machine) that spinning made small-tensor work 7x slower in our measurements.
     * Unless the user chose a policy, ask for passive waiting; libgomp reads it when libtorch loads, which is after
     * this call. Best effort: where there is no C library setenv (Windows) nothing changes.
     */
    private static void passiveOpenMpWaiting() {
        if (System.getenv("OMP_WAIT_POLICY") != null || com.sun.jna.Platform.isWindows()) {
            return;
        }
        try {
            com.sun.jna.Native.load("c", LibC.class).setenv("OMP_WAIT_POLICY", "passive", 0);
        } catch (RuntimeException | LinkageError e) {
            // keep OpenMP's default
        }
    }

    /** Runs {@code action} with the embedded jars visible through the thread context class loader. */
    public static <T> T withBundleContext(Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Runtimes.class.getClassLoader());
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The PyTorch engine, started on first use. Never downloads anything: unless the user set it, DJL's
     * {@code offline} property is switched on so that missing natives fail at once with DJL's own message.
     */
    public static synchronized Engine pytorch() {
        if (System.getProperty("offline") == null && System.getenv("offline") == null) {
            System.setProperty("offline", "true");
        }
        passiveOpenMpWaiting();
        try {
            return withBundleContext(() -> Engine.getEngine(PYTORCH));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start DJL's PyTorch engine: " + e.getMessage(), e);
        }
    }
}

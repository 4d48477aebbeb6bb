package org.cellpaintr.engine.correct;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A small pool for the Java loops that sit between libtorch calls (k-means potentials, argmins and sums), sized like
 * libtorch's own intra-op pool, so that the Java side uses the cores the user gave libtorch
 * ({@code OMP_NUM_THREADS}, or all of them) and no more. Tasks must not call libtorch: its kernels already use
 * every thread of that pool.
 */
final class JavaThreads implements AutoCloseable {

    private final int threads;
    private final ForkJoinPool pool;

    private JavaThreads(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads > 1 ? new ForkJoinPool(this.threads) : null;
    }

    /** As many threads as libtorch's intra-op pool has. */
    static JavaThreads forLibtorch() {
        return new JavaThreads(JniUtils.getNumThreads());
    }

    /** A fixed number of threads (1: everything on the calling thread). */
    static JavaThreads of(int threads) {
        return new JavaThreads(threads);
    }

    int threads() {
        return threads;
    }

    /** body(0 .. count - 1), in parallel when there are threads to spare; an exception of a task is rethrown. */
    void forEach(int count, IntConsumer body) {
        if (pool == null || count <= 1) {
            for (int q = 0; q < count; q++) {
                body.accept(q);
            }
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>(count);
        for (int q = 0; q < count; q++) {
            int index = q;
            tasks.add(() -> {
                body.accept(index);
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(tasks)) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for k-means threads", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}

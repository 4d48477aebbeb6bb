package org.cellpaintr.engine.correct;

/**
 * harmonypy's parameters ({@code run_harmony}).
 *
 * @param clusters nclust; 0 = harmonypy's default min(round(N / 30), 100)
 * @param theta diversity penalty per batch (harmonypy default 1; R Harmony uses 2)
 * @param lambda ridge penalty per batch (1)
 * @param sigma soft k-means width per cluster (0.1)
 * @param maxIterations max_iter_harmony (harmonypy 10; Arevalo et al. and jump-profiling-recipe use 20)
 * @param maxKmeansIterations max_iter_kmeans (20)
 * @param epsilonCluster k-means convergence (1e-5)
 * @param epsilonHarmony Harmony convergence (1e-4)
 * @param blockSize fraction of cells updated at once in the R update (0.05)
 * @param kmeansInits k-means runs for the initial clusters (sklearn n_init 10)
 * @param kmeansMaxIterations Lloyd iterations per run (harmonypy passes max_iter = 25)
 * @param principalComponents 0 = correct the features themselves (Arevalo); m &gt; 0 = correct the first m
 *        principal components and output those
 * @param seed random_state (0): k-means initialisation and the block order of the R updates
 * @param sharedRandomStream harmonypy 0.0.9 behaviour: sklearn's KMeans is called without random_state, so it
 *        draws from the same numpy stream as the block shuffles (false: harmonypy 0.0.10 and later, where KMeans
 *        gets its own RandomState(seed))
 * @param legacyFirstCentre sklearn before 1.3: the first k-means++ centre is {@code randint(n)} (false: sklearn 1.3
 *        and later, {@code choice(n, p=uniform)})
 * @param float32 fast mode: Harmony's arrays and the k-means products in float32 instead of harmonypy's float64
 *        (about half the memory and time at scale; the result differs from harmonypy's by float32 rounding and its
 *        consequences, see docs/metrics.md). false (default): float64 decides every result, as in harmonypy
 */
public record HarmonyOptions(int clusters, double theta, double lambda, double sigma, int maxIterations,
        int maxKmeansIterations, double epsilonCluster, double epsilonHarmony, double blockSize, int kmeansInits,
        int kmeansMaxIterations, int principalComponents, long seed, boolean sharedRandomStream,
        boolean legacyFirstCentre, boolean float32) {

    /** All settings but float32, which is then false (harmonypy's float64). */
    public HarmonyOptions(int clusters, double theta, double lambda, double sigma, int maxIterations,
            int maxKmeansIterations, double epsilonCluster, double epsilonHarmony, double blockSize, int kmeansInits,
            int kmeansMaxIterations, int principalComponents, long seed, boolean sharedRandomStream,
            boolean legacyFirstCentre) {
        this(clusters, theta, lambda, sigma, maxIterations, maxKmeansIterations, epsilonCluster, epsilonHarmony,
                blockSize, kmeansInits, kmeansMaxIterations, principalComponents, seed, sharedRandomStream,
                legacyFirstCentre, false);
    }

    /** harmonypy's defaults with Arevalo et al.'s nclust = 300 and max_iter_harmony = 20. */
    public static HarmonyOptions arevalo() {
        return new HarmonyOptions(300, 1, 1, 0.1, 20, 20, 1e-5, 1e-4, 0.05, 10, 25, 0, 0, false, false);
    }

    /** harmonypy's own defaults. */
    public static HarmonyOptions defaults() {
        return new HarmonyOptions(0, 1, 1, 0.1, 10, 20, 1e-5, 1e-4, 0.05, 10, 25, 0, 0, false, false);
    }

    public HarmonyOptions withClusters(int k) {
        return new HarmonyOptions(k, theta, lambda, sigma, maxIterations, maxKmeansIterations, epsilonCluster,
                epsilonHarmony, blockSize, kmeansInits, kmeansMaxIterations, principalComponents, seed, sharedRandomStream,
                legacyFirstCentre, float32);
    }

    public HarmonyOptions withMaxIterations(int it) {
        return new HarmonyOptions(clusters, theta, lambda, sigma, it, maxKmeansIterations, epsilonCluster,
                epsilonHarmony, blockSize, kmeansInits, kmeansMaxIterations, principalComponents, seed, sharedRandomStream,
                legacyFirstCentre, float32);
    }

    public HarmonyOptions withPrincipalComponents(int m) {
        return new HarmonyOptions(clusters, theta, lambda, sigma, maxIterations, maxKmeansIterations, epsilonCluster,
                epsilonHarmony, blockSize, kmeansInits, kmeansMaxIterations, m, seed, sharedRandomStream, legacyFirstCentre,
                float32);
    }

    public HarmonyOptions withSeed(long s) {
        return new HarmonyOptions(clusters, theta, lambda, sigma, maxIterations, maxKmeansIterations, epsilonCluster,
                epsilonHarmony, blockSize, kmeansInits, kmeansMaxIterations, principalComponents, s, sharedRandomStream,
                legacyFirstCentre, float32);
    }

    /** harmonypy 0.0.9 with sklearn before 1.3 (e.g. Debian 12's python3-harmonypy and python3-sklearn). */
    public HarmonyOptions asHarmonypy009WithOldSklearn() {
        return new HarmonyOptions(clusters, theta, lambda, sigma, maxIterations, maxKmeansIterations, epsilonCluster,
                epsilonHarmony, blockSize, kmeansInits, kmeansMaxIterations, principalComponents, seed, true, true, float32);
    }

    public HarmonyOptions withKmeansInits(int inits) {
        return new HarmonyOptions(clusters, theta, lambda, sigma, maxIterations, maxKmeansIterations, epsilonCluster,
                epsilonHarmony, blockSize, inits, kmeansMaxIterations, principalComponents, seed, sharedRandomStream,
                legacyFirstCentre, float32);
    }

    /**
     * Fast preset: these settings in float32 with a single k-means++ start instead of sklearn's 10 (the k-means
     * initialisation is most of Harmony's time at scale). Not harmonypy's result: its initial clusters are another
     * local optimum; see docs/metrics.md for how far it lands from harmonypy's output.
     */
    public HarmonyOptions fast() {
        return withFloat32(true).withKmeansInits(1);
    }

    /** Fast mode on or off (see {@code float32}). */
    public HarmonyOptions withFloat32(boolean on) {
        return new HarmonyOptions(clusters, theta, lambda, sigma, maxIterations, maxKmeansIterations, epsilonCluster,
                epsilonHarmony, blockSize, kmeansInits, kmeansMaxIterations, principalComponents, seed, sharedRandomStream,
                legacyFirstCentre, on);
    }
}

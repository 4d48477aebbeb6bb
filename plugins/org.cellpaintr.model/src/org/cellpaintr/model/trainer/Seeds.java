package org.cellpaintr.model.trainer;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent 64-bit seeds for every random decision of a stage from (stage seed, purpose, epoch, step).
 * Why not one running generator: a run resumed at an epoch boundary must draw exactly what the uninterrupted run drew,
 * without replaying or storing generator state.
 */
final class Seeds {

    private Seeds() {
    }

    static long derive(long seed, String purpose, long... parts) {
        long h = mix(seed ^ 0x5851F42D4C957F2DL);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        for (long p : parts) {
            h = mix(h ^ p);
        }
        return h;
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

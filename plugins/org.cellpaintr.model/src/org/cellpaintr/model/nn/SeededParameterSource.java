package org.cellpaintr.model.nn;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import ai.djl.ndarray.types.Shape;

/**
 * Draws initial values from a {@link SplittableRandom} seeded by (model seed, parameter name).
 *
 * <p>Why per name: the values of one parameter do not depend on the order in which parameters are visited or on
 * which other parameters exist, so adding a layer or a source row never changes the others, and the result is
 * bit-identical on every platform (Box-Muller from {@code nextDouble}, no platform maths beyond StrictMath).
 */
public final class SeededParameterSource implements ParameterSource {

    private final long seed;

    public SeededParameterSource(long seed) {
        this.seed = seed;
    }

    @Override
    public float[] values(String name, Shape shape, InitRule rule) {
        long n = shape.size();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Parameter " + name + " is too large: " + shape);
        }
        float[] out = new float[(int) n];
        fill(out, rule, new SplittableRandom(streamSeed(seed, name)));
        return out;
    }

    /** Fills {@code out} according to {@code rule} from {@code rng}. */
    public static void fill(float[] out, InitRule rule, SplittableRandom rng) {
        switch (rule.kind()) {
            case CONSTANT -> java.util.Arrays.fill(out, (float) rule.value());
            case UNIFORM -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) ((2 * rng.nextDouble() - 1) * rule.value());
                }
            }
            case NORMAL -> {
                for (int i = 0; i < out.length; i += 2) {
                    // Box-Muller: two independent N(0,1) from two uniforms; 1 - u avoids log(0)
                    double r = StrictMath.sqrt(-2 * StrictMath.log(1 - rng.nextDouble()));
                    double a = 2 * StrictMath.PI * rng.nextDouble();
                    out[i] = (float) (rule.value() * r * StrictMath.cos(a));
                    if (i + 1 < out.length) {
                        out[i + 1] = (float) (rule.value() * r * StrictMath.sin(a));
                    }
                }
            }
            default -> throw new IllegalStateException(rule.kind().toString());
        }
    }

    /** A 64-bit seed for one named stream: FNV-1a of the name mixed with the model seed. */
    public static long streamSeed(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        // SplittableRandom's own mixing spreads nearby seeds; xor with a rotated seed keeps both inputs relevant
        return h ^ Long.rotateLeft(seed * 0x9E3779B97F4A7C15L, 17);
    }
}

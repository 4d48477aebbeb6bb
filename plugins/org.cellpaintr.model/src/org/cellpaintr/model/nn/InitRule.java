package org.cellpaintr.model.nn;

/**
 * How a parameter is initialised (docs/method.md §1.6): the rule travels with the parameter so that initialisation is
 * done by one seeded routine ({@link SeededParameterSource}) instead of DJL's global random generator.
 *
 * @param kind the distribution
 * @param value standard deviation (NORMAL), half-width (UNIFORM) or the constant (CONSTANT)
 */
public record InitRule(Kind kind, double value) {

    /** Distribution families used by the model. */
    public enum Kind {
        /** N(0, value²). */
        NORMAL,
        /** U(-value, value). */
        UNIFORM,
        /** Every element equal to value. */
        CONSTANT
    }

    /** The initialiser of every Linear weight and embedding table in the authors' code. */
    public static final InitRule NORMAL_002 = normal(0.02);
    /** Biases, [CLS] and mask tokens, LayerNorm shifts. */
    public static final InitRule ZEROS = constant(0);
    /** LayerNorm gains. */
    public static final InitRule ONES = constant(1);

    public static InitRule normal(double std) {
        return new InitRule(Kind.NORMAL, std);
    }

    public static InitRule uniform(double bound) {
        return new InitRule(Kind.UNIFORM, bound);
    }

    public static InitRule constant(double v) {
        return new InitRule(Kind.CONSTANT, v);
    }
}

package org.cellpaintr.engine.metrics;

/**
 * Upper tail of the chi-square distribution, 1 - pchisq(x, dof), through the regularised upper incomplete gamma
 * function Q(dof/2, x/2): a power series below a + 1 and a continued fraction (modified Lentz) above, both to
 * double precision.
 */
public final class ChiSquare {

    private static final double EPS = 1e-15;
    private static final double TINY = 1e-300;
    private static final int MAX_TERMS = 10_000;

    private ChiSquare() {
    }

    public static double upperTail(double x, int dof) {
        if (dof < 1) {
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + dof);
        }
        if (x <= 0) {
            return 1.0;
        }
        return regularizedQ(dof / 2.0, x / 2.0);
    }

    static double regularizedQ(double a, double x) {
        if (x < a + 1) {
            return 1.0 - seriesP(a, x);
        }
        return continuedFractionQ(a, x);
    }

    private static double seriesP(double a, double x) {
        double term = 1.0 / a;
        double sum = term;
        double ap = a;
        for (int n = 0; n < MAX_TERMS; n++) {
            ap += 1;
            term *= x / ap;
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPS) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double continuedFractionQ(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_TERMS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** log Gamma(a) for a > 0 by the Lanczos approximation (g = 7, 9 terms; relative error about 1e-15). */
    static double logGamma(double a) {
        if (a < 0.5) {
            // reflection keeps the approximation in its accurate range
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        double z = a - 1;
        double s = c[0];
        for (int i = 1; i < 9; i++) {
            s += c[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
    }
}

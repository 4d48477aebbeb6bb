package org.cellpaintr.engine.util;

import java.util.Arrays;

/** Order statistics and the normal quantile function, in double precision. */
public final class Stats {

    /** The normal-consistency factor of the MAD: 1 / Phi^-1(3/4). */
    public static final double MAD_NORMAL_CONSISTENCY = 1.4826;

    private Stats() {
    }

    /** Median of values[0..n) (sorts a copy); NaN when n = 0. Even n: mean of the two middle values (numpy). */
    public static double median(float[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        float[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : ((double) s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    /** Median absolute deviation around {@code center} (scipy's median_abs_deviation with scale 1). */
    public static double mad(float[] values, int n, double center) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.abs(values[i] - center);
        }
        return medianOf(d);
    }

    public static double medianOf(double[] d) {
        int n = d.length;
        if (n == 0) {
            return Double.NaN;
        }
        double[] s = d.clone();
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    public static double mean(float[] v, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[i];
        }
        return s / n;
    }

    /** Population standard deviation (ddof 0, as sklearn's StandardScaler). */
    public static double std(float[] v, int n, double mean) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = v[i] - mean;
            s += d * d;
        }
        return Math.sqrt(s / n);
    }

    /**
     * Percentile with numpy's default linear interpolation between closest ranks, of a sorted array:
     * position (n - 1) * q / 100.
     */
    public static double percentileSorted(float[] sorted, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        double pos = (n - 1) * q / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(n - 1, lo + 1);
        double frac = pos - lo;
        return sorted[lo] + (sorted[hi] - (double) sorted[lo]) * frac;
    }

    /**
     * The same percentile as {@link #percentileSorted} without sorting: two order statistics by quickselect,
     * O(n) on average. Reorders {@code values[0..n)}.
     */
    public static double percentileUnsorted(float[] values, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        double pos = (n - 1) * q / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(n - 1, lo + 1);
        float[] pair = n < 20_000 ? null : orderStatisticsNear(values, n, lo, q / 100.0);
        float a;
        float b;
        if (pair != null) {
            a = pair[0];
            b = pair[1];
        } else {
            a = select(values, n, lo);
            // after selecting lo, every element above index lo is >= a: the next order statistic is their minimum
            b = Float.POSITIVE_INFINITY;
            for (int i = lo + 1; i < n; i++) {
                if (values[i] < b) {
                    b = values[i];
                }
            }
        }
        return hi == lo ? a : a + (b - (double) a) * (pos - lo);
    }

    /**
     * Order statistics lo and lo + 1 of a large array in two cheap passes: bracket them with quantiles of a
     * strided sample, keep only the values inside the bracket, select there. Returns null when the bracket
     * missed (then the caller selects on the whole array), so the answer is always exact.
     */
    private static float[] orderStatisticsNear(float[] values, int n, int lo, double p) {
        int s = 4096;
        float[] sample = new float[s];
        long stride = Math.max(1, n / s);
        for (int i = 0; i < s; i++) {
            sample[i] = values[(int) Math.min(n - 1, i * stride + (stride >> 1))];
        }
        Arrays.sort(sample);
        double margin = 4 * Math.sqrt(p * (1 - p) / s) + 2.0 / s;
        int li = (int) Math.floor((p - margin) * s);
        int hiIdx = (int) Math.ceil((p + margin) * s);
        float low = li < 0 ? Float.NEGATIVE_INFINITY : sample[li];
        float high = hiIdx >= s ? Float.POSITIVE_INFINITY : sample[hiIdx];
        int below = 0;
        int inside = 0;
        for (int i = 0; i < n; i++) {
            float v = values[i];
            if (v < low) {
                below++;
            } else if (v <= high) {
                inside++;
            }
        }
        if (below > lo || below + inside < lo + 2 || inside > n / 4) {
            return null;
        }
        float[] mid = new float[inside];
        int k = 0;
        for (int i = 0; i < n; i++) {
            float v = values[i];
            if (v >= low && v <= high) {
                mid[k++] = v;
            }
        }
        float a = select(mid, inside, lo - below);
        float b = Float.POSITIVE_INFINITY;
        for (int i = lo - below + 1; i < inside; i++) {
            if (mid[i] < b) {
                b = mid[i];
            }
        }
        return new float[] {a, b};
    }

    /** The k-th smallest of values[0..n) (Hoare's selection with median-of-three pivots); reorders the array. */
    public static float select(float[] v, int n, int k) {
        int left = 0;
        int right = n - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            // median of three as pivot
            if (v[mid] < v[left]) {
                swap(v, mid, left);
            }
            if (v[right] < v[left]) {
                swap(v, right, left);
            }
            if (v[right] < v[mid]) {
                swap(v, right, mid);
            }
            float pivot = v[mid];
            int i = left;
            int j = right;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(v, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return v[k];
            }
        }
        return v[k];
    }

    private static void swap(float[] v, int i, int j) {
        float t = v[i];
        v[i] = v[j];
        v[j] = t;
    }

    /**
     * The standard normal quantile Phi^-1(p) for 0 < p < 1: Acklam's rational approximation (relative error
     * below 1.2e-9), refined by one Halley step on the complementary error function, which brings it to
     * double precision.
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1): " + p);
        }
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        double x;
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p <= 1 - 0.02425) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log1p(-p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        // Halley refinement: e = Phi(x) - p
        double e = 0.5 * erfc(-x / Math.sqrt(2)) - p;
        double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /**
     * Complementary error function, W. J. Cody's rational Chebyshev approximations (relative error below 1e-15
     * over the whole line; the form given in Numerical Recipes 3rd ed. §6.2 is less accurate, so this one).
     */
    public static double erfc(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 0.5) {
            double t = x * x;
            double top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t
                    + 377.485237685302021) * t + 3209.37758913846947;
            double bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t
                    + 2844.23683343917062;
            return 1 - x * top / bot;
        } else if (ax < 4) {
            double top = (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax
                    + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax
                    + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
            double bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax
                    + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax
                    + 3439.36767414372164) * ax + 1230.33935480374942;
            r = Math.exp(-ax * ax) * top / bot;
        } else {
            double z = 1 / (ax * ax);
            double top = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z
                    + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4;
            double bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z
                    + 0.0605183413124413191) * z + 0.00233520497626869185;
            double s = (1 / Math.sqrt(Math.PI) - z * top / bot) / ax;
            r = Math.exp(-ax * ax) * s;
        }
        return x < 0 ? 2 - r : r;
    }
}

package org.cellpaintr.model.embed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.model.CellPainTRModel;

/**
 * How much the source-context token moves an embedding, relative to how far apart the sources' embeddings are.
 * <pre>
 * e_i  = embed(x_i, s_i)                 (each well with its own source)
 * e'_i = embed(x_i, s'_i)                (the same well with the next source of the list, cyclically)
 * shift = mean_i |e_i − e'_i|
 * gap   = mean over source pairs (a, b) of |μ_a − μ_b|,  μ_a = mean of e_i over the wells of source a
 * ratio = shift / gap
 * </pre>
 * A ratio near 0 says the [SRC] token does not reach the embedding, so the model cannot use it to take a source's
 * offset away; about 1 says a source swap moves a well about as far as the sources' mean embeddings lie apart.
 * {@code relativeShift} = shift / mean_i |e_i| is the same change as a share of the embedding's norm.
 */
public final class SourceSensitivity {

    /** Embeds rows with one source name per row. */
    @FunctionalInterface
    public interface Embedder {
        float[][] embed(float[][] rows, String[] sources);
    }

    /**
     * @param ratio shift / gap (NaN with fewer than two sources)
     * @param shift mean distance between a well's embedding and the same well with a swapped source
     * @param gap mean distance between the sources' mean embeddings
     * @param relativeShift shift / mean embedding norm
     * @param rows wells measured
     */
    public record Result(double ratio, double shift, double gap, double relativeShift, int rows) {
    }

    private SourceSensitivity() {
    }

    /** Measures {@code model} on at most {@code maxRows} evenly spaced rows. */
    public static Result measure(CellPainTRModel model, float[][] rows, String[] sources, int maxRows) {
        return measure(model::embed, rows, sources, maxRows);
    }

    public static Result measure(Embedder embedder, float[][] rows, String[] sources, int maxRows) {
        if (rows.length != sources.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + sources.length + " sources");
        }
        int n = Math.min(rows.length, Math.max(2, maxRows));
        float[][] x = new float[n][];
        String[] s = new String[n];
        for (int k = 0; k < n; k++) {
            int i = (int) ((long) k * rows.length / n);
            x[k] = rows[i];
            s[k] = sources[i];
        }
        List<String> distinct = new ArrayList<>(new java.util.TreeSet<>(List.of(s)));
        if (distinct.size() < 2) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, n);
        }
        String[] swapped = new String[n];
        for (int k = 0; k < n; k++) {
            swapped[k] = distinct.get((distinct.indexOf(s[k]) + 1) % distinct.size());
        }
        float[][] own = embedder.embed(x, s);
        float[][] other = embedder.embed(x, swapped);
        double shift = 0;
        double norm = 0;
        for (int k = 0; k < n; k++) {
            shift += distance(own[k], other[k]);
            norm += distance(own[k], new float[own[k].length]);
        }
        shift /= n;
        norm /= n;
        Map<String, double[]> means = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            double[] m = means.computeIfAbsent(s[k], key -> new double[own[0].length]);
            for (int j = 0; j < m.length; j++) {
                m[j] += own[k][j];
            }
            counts.merge(s[k], 1, Integer::sum);
        }
        means.forEach((key, m) -> {
            for (int j = 0; j < m.length; j++) {
                m[j] /= counts.get(key);
            }
        });
        double gap = 0;
        int pairs = 0;
        for (int a = 0; a < distinct.size(); a++) {
            for (int b = a + 1; b < distinct.size(); b++) {
                double[] ma = means.get(distinct.get(a));
                double[] mb = means.get(distinct.get(b));
                double d = 0;
                for (int j = 0; j < ma.length; j++) {
                    d += (ma[j] - mb[j]) * (ma[j] - mb[j]);
                }
                gap += Math.sqrt(d);
                pairs++;
            }
        }
        gap /= pairs;
        return new Result(shift / gap, shift, gap, shift / norm, n);
    }

    private static double distance(float[] a, float[] b) {
        double d = 0;
        for (int j = 0; j < a.length; j++) {
            double t = (double) a[j] - b[j];
            d += t * t;
        }
        return Math.sqrt(d);
    }
}

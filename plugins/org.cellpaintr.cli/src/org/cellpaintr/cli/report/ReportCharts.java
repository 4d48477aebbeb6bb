package org.cellpaintr.cli.report;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's pictures, drawn by XChart and encoded as PNG. The charts are painted into an image, never a window,
 * so they need no display: the command line runs with {@code java.awt.headless=true} (set in {@code CellPainTR.main}),
 * and so do the tests that draw them.
 */
public final class ReportCharts {

    /** Colour-blind-safe qualitative palette (Okabe and Ito 2008), for the named groups of a scatter plot. */
    static final Color[] PALETTE = {new Color(0xE69F00), new Color(0x56B4E9), new Color(0x009E73),
        new Color(0xD55E00), new Color(0xCC79A7), new Color(0x0072B2), new Color(0xF0E442), new Color(0x000000)};
    static final Color OTHER = new Color(0xC8C8C8);
    /** At most this many compounds get their own colour; the rest are drawn grey as "other compounds". */
    static final int NAMED_LABELS = 6;

    private ReportCharts() {
    }

    /** Bars of batch correction, bio-conservation and overall per method. */
    public static byte[] scoreBars(List<MethodScores> methods, int width, int height) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height)
                .title("Aggregate scores per method (higher is better)").yAxisTitle("score").build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS).setChartBackgroundColor(Color.WHITE)
                .setSeriesColors(new Color[] {PALETTE[1], PALETTE[2], PALETTE[5]}).setDecimalPattern("0.00");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLabelsVisible(true).setLabelsFontColorAutomaticEnabled(false)
                .setLabelsFontColor(Color.BLACK).setLabelsPosition(1.0);
        List<String> names = methods.stream().map(MethodScores::method).toList();
        chart.addSeries("batch correction", names, methods.stream().map(m -> zeroIfMissing(m.batch())).toList());
        chart.addSeries("bio-conservation", names, methods.stream().map(m -> zeroIfMissing(m.bio())).toList());
        chart.addSeries("overall", names, methods.stream().map(m -> zeroIfMissing(m.overall())).toList());
        return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
    }

    private static Double zeroIfMissing(double v) {
        return Double.isNaN(v) ? 0.0 : v;
    }

    /** The wells of one projection, coloured by batch (byBatch) or by compound. */
    public static byte[] scatter(Projection p, boolean byBatch, int width, int height) throws IOException {
        String[] groups = byBatch ? p.batch() : p.label();
        // batches keep their natural order in the legend; compounds are listed by frequency
        List<String> frequent = mostFrequent(groups, byBatch ? PALETTE.length : NAMED_LABELS);
        List<String> named = byBatch ? frequent.stream().sorted().toList() : frequent;
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(p.method() + ": by " + (byBatch ? "batch" : "compound"))
                .xAxisTitle("PC 1").yAxisTitle("PC 2").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                .setLegendPosition(LegendPosition.OutsideS).setChartBackgroundColor(Color.WHITE).setMarkerSize(4);
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        String otherName = byBatch ? "other batches" : "other compounds";
        members.put(otherName, new ArrayList<>()); // drawn first, under the named groups
        named.forEach(n -> members.put(n, new ArrayList<>()));
        for (int i = 0; i < groups.length; i++) {
            members.get(named.contains(groups[i]) ? groups[i] : otherName).add(i);
        }
        int colour = 0;
        for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            double[] x = e.getValue().stream().mapToDouble(i -> p.x()[i]).toArray();
            double[] y = e.getValue().stream().mapToDouble(i -> p.y()[i]).toArray();
            String name = byBatch && !e.getKey().equals(otherName) ? "batch " + e.getKey() : e.getKey();
            XYSeries s = chart.addSeries(name + " (" + x.length + " wells)", x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(e.getKey().equals(otherName) ? OTHER : PALETTE[colour++ % PALETTE.length]);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
    }

    /** The {@code limit} most frequent values (ties: alphabetical), all of them if there are no more. */
    static List<String> mostFrequent(String[] values, int limit) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String v : values) {
            counts.merge(v, 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit).map(Map.Entry::getKey).toList();
    }
}

package org.cellpaintr.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.cellpaintr.engine.util.AtomicFiles;

/**
 * The report: one self-contained XHTML file (charts as PNG {@code data:} URIs, styles inline, nothing fetched from a
 * network) with the comparison table, a bar chart of the aggregates, the unseen-dataset retrieval and the 2-D
 * projections. XHTML so that it is also well-formed XML, which lets tests read it with the JDK's XML parser.
 *
 * @param title the page's heading
 * @param facts lines about the run (data, configuration, timings) shown under the heading
 * @param methods one row set per method, the first being the uncorrected profiles
 * @param retrieval replicate retrieval on an unseen dataset (may be empty)
 * @param retrievalNote what the retrieval rows mean (e.g. the dataset and the proxy token chosen)
 * @param projections 2-D projections, one per method that has a table (may be empty)
 */
public record HtmlReport(String title, List<String> facts, List<MethodScores> methods, List<Retrieval> retrieval,
        String retrievalNote, List<Projection> projections) {

    static final int BAR_WIDTH = 760;
    static final int BAR_HEIGHT = 420;
    static final int SCATTER_SIZE = 420;

    public HtmlReport {
        facts = List.copyOf(facts);
        methods = List.copyOf(methods);
        retrieval = List.copyOf(retrieval);
        projections = List.copyOf(projections);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("a report needs the scores of at least one method");
        }
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeBytes(file, html().getBytes(StandardCharsets.UTF_8));
    }

    public String html() throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n")
                .append("<head>\n<meta charset=\"UTF-8\"/>\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #bbb;padding:3px 8px}\n")
                .append("td.num{text-align:right;font-variant-numeric:tabular-nums}tr.agg td{background:#f2f2f2}\n")
                .append("td.best{font-weight:bold}figure{display:inline-block;margin:4px}img{border:1px solid #ddd}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        if (!facts.isEmpty()) {
            b.append("<ul id=\"facts\">\n");
            facts.forEach(f -> b.append("<li>").append(esc(f)).append("</li>\n"));
            b.append("</ul>\n");
        }
        comparison(b);
        b.append("<h2>Batch correction, bio-conservation and overall</h2>\n");
        image(b, "scores", "bar chart of batch correction, bio-conservation and overall score per method",
                ReportCharts.scoreBars(methods, BAR_WIDTH, BAR_HEIGHT));
        if (!retrieval.isEmpty()) {
            retrieval(b);
        }
        if (!projections.isEmpty()) {
            b.append("<h2>Wells on their first two principal components</h2>\n<p>Each point is a well. Before "
                    + "correction, wells that separate by batch show the batch effect; after a good correction the "
                    + "batches overlap while replicates of a compound stay together.</p>\n");
            for (Projection p : projections) {
                b.append("<div class=\"projection\">\n");
                image(b, "pca-batch", "PCA of " + p.method() + " coloured by batch",
                        ReportCharts.scatter(p, true, SCATTER_SIZE, SCATTER_SIZE + 60));
                image(b, "pca-compound", "PCA of " + p.method() + " coloured by compound",
                        ReportCharts.scatter(p, false, SCATTER_SIZE, SCATTER_SIZE + 60));
                b.append("</div>\n");
            }
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private void comparison(StringBuilder b) {
        b.append("<h2>Comparison (Arevalo et al. 2024 metrics; higher is better)</h2>\n")
                .append("<table id=\"comparison\">\n<tr><th>metric</th><th>counts to</th>");
        methods.forEach(m -> b.append("<th>").append(esc(m.method())).append("</th>"));
        b.append("</tr>\n");
        for (String row : MethodScores.ROWS) {
            String category = ComparisonTable.category(row);
            b.append(category.equals("aggregate") ? "<tr class=\"agg\">" : "<tr>").append("<td>")
                    .append(esc(ComparisonTable.rowName(row))).append("</td><td>").append(category).append("</td>");
            double best = methods.stream().mapToDouble(m -> m.get(row)).filter(v -> !Double.isNaN(v)).max()
                    .orElse(Double.NaN);
            for (MethodScores m : methods) {
                String v = Readable.score(m.get(row));
                boolean isBest = methods.size() > 1 && v.equals(Readable.score(best));
                b.append("<td class=\"num").append(isBest ? " best" : "").append("\">").append(v).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<p>Bold: the best value of a row (ties at three decimals all bold). ")
                .append(Readable.NOT_COMPUTED).append(": the metric could not be computed on this input; the score ")
                .append("file's status column says why.</p>\n");
    }

    private void retrieval(StringBuilder b) {
        b.append("<h2>Unseen dataset: replicate retrieval</h2>\n<p>").append(esc(retrievalNote)).append("</p>\n")
                .append("<table id=\"retrieval\">\n<tr><th>representation</th><th>mAP kind</th><th>mean mAP</th>")
                .append("<th>compounds retrieved</th><th>fraction retrieved</th></tr>\n");
        for (Retrieval r : retrieval) {
            b.append("<tr><td>").append(esc(r.representation())).append("</td><td>").append(esc(r.kind()))
                    .append("</td><td class=\"num\">").append(Readable.score(r.map())).append("</td><td class=\"num\">")
                    .append(r.retrieved()).append(" of ").append(r.compounds()).append("</td><td class=\"num\">")
                    .append(Readable.percent(r.fractionRetrieved())).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void image(StringBuilder b, String kind, String alt, byte[] png) {
        b.append("<figure class=\"").append(kind).append("\"><img alt=\"").append(esc(alt))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\"/></figure>\n");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The lines of a retrieval table for a terminal. */
    public static List<String> retrievalLines(List<Retrieval> rows) {
        List<String> out = new ArrayList<>();
        for (Retrieval r : rows) {
            out.add(String.format(java.util.Locale.ROOT, "   %-44s %-15s mAP %s, %d of %d compounds retrieved (%s)",
                    r.representation(), r.kind(), Readable.score(r.map()), r.retrieved(), r.compounds(),
                    Readable.percent(r.fractionRetrieved())));
        }
        return out;
    }
}

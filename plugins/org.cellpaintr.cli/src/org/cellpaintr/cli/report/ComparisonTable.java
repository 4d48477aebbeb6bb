package org.cellpaintr.cli.report;

import java.util.List;
import java.util.Locale;

import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;

/** The comparison as aligned text for a terminal: one row per metric, one column per method. */
public final class ComparisonTable {

    private ComparisonTable() {
    }

    /** The category a row counts toward ("batch", "bio") or "aggregate". */
    static String category(String row) {
        for (Metric m : Metric.values()) {
            if (m.label.equals(row)) {
                return m.category == Metric.Category.BATCH ? "batch" : "bio";
            }
        }
        return "aggregate";
    }

    /** How an aggregate row is named for a reader. */
    static String rowName(String row) {
        return switch (row) {
            case ScoreBatchCorrection.AGG_BATCH -> "BATCH (mean of 4)";
            case ScoreBatchCorrection.AGG_BIO -> "BIO (mean of 6)";
            case ScoreBatchCorrection.AGG_OVERALL -> "OVERALL (0.4 batch + 0.6 bio)";
            default -> row;
        };
    }

    public static String text(List<MethodScores> methods) {
        int width = 12;
        for (MethodScores m : methods) {
            width = Math.max(width, m.method().length() + 2);
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "   %-31s %-10s", "metric", "counts to"));
        for (MethodScores m : methods) {
            b.append(String.format(Locale.ROOT, "%" + width + "s", m.method()));
        }
        b.append('\n');
        for (String row : MethodScores.ROWS) {
            if (row.equals(ScoreBatchCorrection.AGG_BATCH)) {
                b.append("   ").append("-".repeat(42 + width * methods.size())).append('\n');
            }
            b.append(String.format(Locale.ROOT, "   %-31s %-10s", rowName(row), category(row)));
            for (MethodScores m : methods) {
                b.append(String.format(Locale.ROOT, "%" + width + "s", Readable.score(m.get(row))));
            }
            b.append('\n');
        }
        return b.toString();
    }
}

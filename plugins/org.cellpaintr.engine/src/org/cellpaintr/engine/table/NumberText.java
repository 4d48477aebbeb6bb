package org.cellpaintr.engine.table;

/** Parsing and printing of numbers the way profile files write them (NaN, NA, Inf, -Infinity, empty). */
public final class NumberText {

    private NumberText() {
    }

    /** The value of a numeric cell; empty, NA and NaN are NaN. Throws NumberFormatException for text. */
    public static double parse(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return Double.NaN;
        }
        switch (t) {
            case "NA": case "NaN": case "nan": case "NAN": case "N/A": case "null": case "None":
                return Double.NaN;
            case "inf": case "Inf": case "INF": case "Infinity": case "+inf": case "+Inf": case "+Infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf": case "-Inf": case "-INF": case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                // Java's parser accepts trailing 'd'/'f' and hex floats; profile files never mean those.
                char last = t.charAt(t.length() - 1);
                if (!(Character.isDigit(last) || last == '.')) {
                    throw new NumberFormatException("not a number: " + s);
                }
                return Double.parseDouble(t);
        }
    }

    /** The parsed value, or null when the text is not a number (missing markers count as numbers: NaN). */
    public static Double parseOrNull(String s) {
        try {
            return parse(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Shortest text that reads back as the same double; integers without ".0"; NaN as empty. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Shortest text that reads back as the same float. */
    public static String format(float v) {
        if (Float.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e7f) {
            return Long.toString((long) v);
        }
        return Float.toString(v);
    }
}

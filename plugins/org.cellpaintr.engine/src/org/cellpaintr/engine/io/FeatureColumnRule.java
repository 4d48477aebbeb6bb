package org.cellpaintr.engine.io;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.cellpaintr.engine.table.SettingsException;

/**
 * Decides which columns of a file are features and which are metadata.
 *
 * <p>Default: CellProfiler measurement columns, i.e. names that start with a compartment or object name
 * ({@code Cells_}, {@code Cytoplasm_}, {@code Nuclei_}, {@code Image_}, ...), are features; everything else is
 * metadata. Numeric columns without such a prefix (a concentration, a Mahalanobis distance, a PubChem id) stay
 * metadata, which is why the rule is by name and not by type. {@code Metadata_*} columns (and CellProfiler's
 * {@code Image_Metadata_*}) are always metadata.
 *
 * <p>Overrides, in this order: an explicit {@code include} list (exactly these are features), else a regular
 * expression {@code pattern} (full match), else the default prefixes; {@code exclude} always wins. A file with no
 * CellProfiler column at all but with embedding columns ({@code emb_0}, {@code emb_1}, ..., what the embed operation
 * writes) reads with the embedding columns as features under the default rule, so an embedding can be scored without
 * options.
 *
 * @param include feature columns by name, or empty
 * @param exclude columns that are never features
 * @param pattern a regular expression over column names, or null
 */
public record FeatureColumnRule(List<String> include, List<String> exclude, String pattern) {

    /** The CellProfiler object names that start a measurement column. */
    public static final List<String> CELLPROFILER_PREFIXES = List.of("Cells_", "Cytoplasm_", "Nuclei_", "Image_",
            "Nucleoli_", "Mitochondria_", "Cell_", "Nucleus_", "Cytoplasmic_", "Speckles_", "Syto_", "Golgi_",
            "ER_", "Actin_", "Tubulin_");

    public static final FeatureColumnRule CELLPROFILER = new FeatureColumnRule(List.of(), List.of(), null);

    public FeatureColumnRule {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        pattern = pattern == null || pattern.isBlank() ? null : pattern;
    }

    /** Checks the pattern compiles; the message names the setting. */
    public void validate() throws SettingsException {
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new SettingsException("feature pattern", "not a valid regular expression: "
                        + e.getDescription());
            }
        }
    }

    /** The default prefix of embedding columns: {@code emb_} followed by the dimension's index. */
    public static final String EMBEDDING_PREFIX = "emb_";

    private static final Pattern EMBEDDING_COLUMN = Pattern.compile(Pattern.quote(EMBEDDING_PREFIX) + "\\d+");

    /**
     * A predicate for one file with this header: as {@link #compile()}, except that under the default rule a header
     * without any CellProfiler column but with embedding columns takes those as features.
     */
    public java.util.function.Predicate<String> compile(List<String> header) {
        if (include.isEmpty() && pattern == null && header.stream().noneMatch(FeatureColumnRule::hasCellProfilerPrefix)
                && header.stream().anyMatch(n -> EMBEDDING_COLUMN.matcher(n).matches())) {
            Set<String> exc = Set.copyOf(exclude);
            return name -> !exc.contains(name) && EMBEDDING_COLUMN.matcher(name).matches();
        }
        return compile();
    }

    /**
     * The reason a header gave no feature column, with what to do: the options to name the features, and a hint when
     * the header looks split on the wrong separator (one column holding semicolons or tabs).
     */
    public static String noFeatureColumns(List<String> header, String fileName) {
        StringBuilder b = new StringBuilder("no feature columns found among " + header.size() + " columns");
        if (header.size() == 1 && (header.get(0).contains(";") || header.get(0).contains("\t"))) {
            String sep = header.get(0).contains(";") ? "semicolons" : "tabs";
            b.append("; the header is one column holding ").append(sep).append(": the file is not comma-separated")
                    .append(fileName.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(tsv|txt)(\\.gz)?$") ? ""
                            : " (name a tab-separated file .tsv; convert a semicolon-separated one to commas)");
        } else {
            b.append(" (expected CellProfiler names such as Cells_... or embedding columns emb_0, emb_1, ...; name the "
                    + "features with --feature-pattern REGEX (whole column name) or --feature-include COLS)");
        }
        return b.toString();
    }

    /** A predicate for one file (compiles the pattern once). */
    public java.util.function.Predicate<String> compile() {
        Set<String> inc = Set.copyOf(include);
        Set<String> exc = Set.copyOf(exclude);
        Pattern p = pattern == null ? null : Pattern.compile(pattern);
        return name -> {
            if (exc.contains(name) || isAlwaysMetadata(name)) {
                return false;
            }
            if (!inc.isEmpty()) {
                return inc.contains(name);
            }
            if (p != null) {
                return p.matcher(name).matches();
            }
            return hasCellProfilerPrefix(name);
        };
    }

    public static boolean isAlwaysMetadata(String name) {
        return name.startsWith("Metadata_") || name.contains("_Metadata_");
    }

    public static boolean hasCellProfilerPrefix(String name) {
        for (String prefix : CELLPROFILER_PREFIXES) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }
}

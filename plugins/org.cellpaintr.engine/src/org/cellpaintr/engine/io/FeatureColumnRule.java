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
 * expression {@code pattern} (full match), else the default prefixes; {@code exclude} always wins.
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

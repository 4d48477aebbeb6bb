package org.cellpaintr.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cellpaintr.engine.settings.NodeOnlyKeys;
import org.cellpaintr.engine.settings.SettingValue;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.settings.SettingsXml;
import org.cellpaintr.engine.table.SettingsException;

/**
 * Command-line options of one subcommand: {@code --name value}, {@code --name=value}, repeatable options
 * (values also split on commas where a list is expected) and boolean flags ({@code --flag}, {@code --no-flag}).
 */
final class Args {

    /** A usage error: exit code 2 with a one-line reason. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The option that reads further options from a settings file (a node's settings, same keys). */
    static final String SETTINGS = "settings";

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Map<String, Boolean> flags = new LinkedHashMap<>();

    private Args() {
    }

    /**
     * @param flagNames options that take no value (a {@code --no-} prefix negates them)
     * @param valueNames options that take a value
     */
    static Args parse(String[] argv, int from, Set<String> flagNames, Set<String> valueNames) throws UsageException {
        Args a = new Args();
        String settingsFile = null;
        for (int i = from; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "' (options start with --)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals(SETTINGS)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException("--" + SETTINGS + " needs a value");
                    }
                    value = argv[++i];
                }
                settingsFile = value;
            } else if (flagNames.contains(name) && value == null) {
                a.flags.put(name, true);
            } else if (name.startsWith("no-") && flagNames.contains(name.substring(3)) && value == null) {
                a.flags.put(name.substring(3), false);
            } else if (valueNames.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = argv[++i];
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        if (settingsFile != null) {
            a.fillFrom(Path.of(settingsFile), flagNames, valueNames);
        }
        return a;
    }

    /**
     * Options from a settings file ({@code SettingsXml}: KNIME's settings.xml layout, e.g. a node's settings copied
     * out of a workflow): every key is the option of the same name and applies where the command line does not give
     * that option. Node-only keys are skipped; any other key this command does not know is an error, as a typo is.
     */
    private void fillFrom(Path file, Set<String> flagNames, Set<String> valueNames) throws UsageException {
        SettingsTree tree;
        try {
            tree = SettingsXml.read(file);
        } catch (java.io.IOException | SettingsException e) {
            throw new UsageException("--" + SETTINGS + " " + file + ": " + e.getMessage());
        }
        for (Map.Entry<String, SettingValue> e : tree.asMap().entrySet()) {
            String key = e.getKey();
            SettingValue v = e.getValue();
            if (key.equals(SettingsTree.VERSION_KEY) || NodeOnlyKeys.ALL.contains(key) || values.containsKey(key)
                    || flags.containsKey(key)) {
                continue;
            }
            if (flagNames.contains(key) && v.type() == SettingValue.Type.BOOLEAN) {
                flags.put(key, (Boolean) v.value());
            } else if (valueNames.contains(key)) {
                List<String> given = v.type() == SettingValue.Type.STRINGS ? v.strings() : List.of(v.text());
                List<String> kept = new ArrayList<>();
                for (String g : given) {
                    if (g != null && !g.isBlank()) {
                        kept.add(g);
                    }
                }
                if (!kept.isEmpty()) {
                    values.put(key, kept);
                }
            } else {
                throw new UsageException("--" + SETTINGS + " " + file + ": '" + key + "' is not an option of this "
                        + "command");
            }
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    String required(String name) throws UsageException {
        String v = get(name, null);
        if (v == null || v.isBlank()) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    Path path(String name) throws UsageException {
        return Path.of(required(name));
    }

    Path optionalPath(String name) {
        String v = get(name, null);
        return v == null ? null : Path.of(v);
    }

    /** All values of a repeatable option, each also split on commas; the fallback when absent. */
    List<String> list(String name, List<String> fallback) {
        List<String> v = values.get(name);
        if (v == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (String s : v) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** All values of a repeatable option, not split (for names that may contain commas). */
    List<String> all(String name, List<String> fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : List.copyOf(v);
    }

    boolean flag(String name, boolean fallback) {
        return flags.getOrDefault(name, fallback);
    }

    double number(String name, double fallback) throws UsageException {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("none")) {
            return Double.NaN;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": '" + v + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw new UsageException("--" + name + ": '" + v + "' is not a finite number");
        }
        return d;
    }

    /**
     * A whole-number option that must fit an int (counts, sizes, widths, ints seeds): a value outside the int range
     * is an error, never wrapped around (4294967297 would otherwise become 1).
     */
    int intValue(String name, int fallback) throws UsageException {
        long v = integer(name, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new UsageException("--" + name + ": " + v + " is out of range (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    long integer(String name, long fallback) throws UsageException {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": '" + v + "' is not a whole number"
                    + (v.strip().matches("[+-]?\\d+") ? " in range" : ""));
        }
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) throws UsageException {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        String wanted = v.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        throw new UsageException("--" + name + ": '" + v + "' is not one of " + names);
    }
}

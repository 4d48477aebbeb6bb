package org.cellpaintr.engine.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cellpaintr.engine.table.SettingsException;

/**
 * The saved form of one operation's settings: an ordered set of keys, each with a typed value, plus the settings
 * version that wrote it. It is what a KNIME node saves in its workflow, what the command line reads with
 * {@code --settings FILE}, and what workflow templates write; keys are the command line's option names, so one
 * name means one thing everywhere.
 *
 * <p>Readers are strict: a missing key, a value of the wrong type or a key nobody knows is an error that names the
 * key, because a silently ignored setting is a silently wrong result.
 */
public final class SettingsTree {

    /** The key holding the version of the settings layout (for migrations). */
    public static final String VERSION_KEY = "settings-version";

    private final Map<String, SettingValue> values = new LinkedHashMap<>();

    public SettingsTree() {
    }

    /** A copy of {@code other}. */
    public SettingsTree(SettingsTree other) {
        values.putAll(other.values);
    }

    public SettingsTree put(String key, SettingValue v) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a setting needs a key");
        }
        values.put(key, v);
        return this;
    }

    public SettingsTree put(String key, String v) {
        return put(key, SettingValue.of(v));
    }

    public SettingsTree put(String key, int v) {
        return put(key, SettingValue.of(v));
    }

    public SettingsTree put(String key, long v) {
        return put(key, SettingValue.of(v));
    }

    public SettingsTree put(String key, double v) {
        return put(key, SettingValue.of(v));
    }

    public SettingsTree put(String key, boolean v) {
        return put(key, SettingValue.of(v));
    }

    public SettingsTree put(String key, List<String> v) {
        return put(key, SettingValue.of(v));
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public SettingValue value(String key) throws SettingsException {
        SettingValue v = values.get(key);
        if (v == null) {
            throw new SettingsException(key, "missing from the saved settings");
        }
        return v;
    }

    public Map<String, SettingValue> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** The settings version, 0 when the tree has none. */
    public int version() {
        SettingValue v = values.get(VERSION_KEY);
        return v != null && v.type() == SettingValue.Type.INT ? (Integer) v.value() : 0;
    }

    /**
     * These settings over {@code defaults}: every key of the defaults, with the value given here where there is one.
     * Keys the defaults do not know are refused (a typo must not pass as a default).
     */
    public SettingsTree over(SettingsTree defaults) throws SettingsException {
        SettingsTree out = new SettingsTree(defaults);
        for (Map.Entry<String, SettingValue> e : values.entrySet()) {
            SettingValue d = defaults.values.get(e.getKey());
            if (d == null) {
                throw new SettingsException(e.getKey(), "unknown setting (known: " + defaults.keys() + ")");
            }
            SettingValue v = e.getValue();
            out.values.put(e.getKey(), v.type() == d.type() ? v : convert(e.getKey(), v, d.type()));
        }
        return out;
    }

    /** Text values (from the command line) or widened numbers become the type the defaults say. */
    private static SettingValue convert(String key, SettingValue v, SettingValue.Type to) throws SettingsException {
        String t = v.text();
        try {
            switch (to) {
                case STRING:
                    return v.type() == SettingValue.Type.STRINGS ? SettingValue.of(t) : SettingValue.of(v.value() == null ? null : t);
                case INT:
                    return SettingValue.of(Integer.parseInt(t.strip()));
                case LONG:
                    return SettingValue.of(Long.parseLong(t.strip()));
                case DOUBLE:
                    return SettingValue.of(parseDouble(t));
                case BOOLEAN:
                    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                        return SettingValue.of(Boolean.parseBoolean(t));
                    }
                    throw new NumberFormatException();
                default:
                    List<String> list = new ArrayList<>();
                    if (v.type() == SettingValue.Type.STRINGS) {
                        list.addAll(v.strings());
                    } else if (!t.isEmpty()) {
                        list.add(t);
                    }
                    return SettingValue.of(list);
            }
        } catch (NumberFormatException e) {
            throw new SettingsException(key, "'" + t + "' is not " + article(to));
        }
    }

    private static double parseDouble(String t) {
        String s = t.strip();
        if (s.equalsIgnoreCase("off") || s.equalsIgnoreCase("none") || s.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }

    private static String article(SettingValue.Type t) {
        switch (t) {
            case INT:
            case LONG:
                return "a whole number";
            case DOUBLE:
                return "a number";
            case BOOLEAN:
                return "true or false";
            default:
                return "text";
        }
    }

    public String string(String key) throws SettingsException {
        return (String) typed(key, SettingValue.Type.STRING);
    }

    /** A string that may be absent in the sense of "not chosen": null or blank become null. */
    public String optionalString(String key) throws SettingsException {
        String s = string(key);
        return s == null || s.isBlank() ? null : s;
    }

    public int integer(String key) throws SettingsException {
        return (Integer) typed(key, SettingValue.Type.INT);
    }

    public long longValue(String key) throws SettingsException {
        return (Long) typed(key, SettingValue.Type.LONG);
    }

    public double number(String key) throws SettingsException {
        return (Double) typed(key, SettingValue.Type.DOUBLE);
    }

    public boolean bool(String key) throws SettingsException {
        return (Boolean) typed(key, SettingValue.Type.BOOLEAN);
    }

    public List<String> strings(String key) throws SettingsException {
        typed(key, SettingValue.Type.STRINGS);
        return value(key).strings();
    }

    /** One of an enum's constants, spelled as on the command line ({@code robust-mad} for ROBUST_MAD). */
    public <E extends Enum<E>> E choice(String key, Class<E> type) throws SettingsException {
        String v = string(key);
        String wanted = v == null ? "" : v.strip().replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
            names.add(spell(e));
        }
        throw new SettingsException(key, "'" + v + "' is not one of " + names);
    }

    /** An enum constant as the command line spells it. */
    public static String spell(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private Object typed(String key, SettingValue.Type type) throws SettingsException {
        SettingValue v = value(key);
        if (v.type() != type) {
            throw new SettingsException(key, "saved as " + v.type() + ", expected " + type);
        }
        if (v.value() == null && type != SettingValue.Type.STRING) {
            throw new SettingsException(key, "has no value");
        }
        return v.value();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingsTree t && t.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

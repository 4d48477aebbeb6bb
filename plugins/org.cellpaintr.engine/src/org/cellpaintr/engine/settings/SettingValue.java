package org.cellpaintr.engine.settings;

import java.util.List;

/**
 * One value of a {@link SettingsTree}. The types are the ones KNIME's settings files know ({@code xstring},
 * {@code xint}, {@code xlong}, {@code xdouble}, {@code xboolean} and an array of strings), so a tree is written to a
 * node's settings without conversion.
 *
 * @param type   the value's type
 * @param value  a String (may be null), Integer, Long, Double, Boolean or an unmodifiable List of String (nulls
 *               dropped)
 */
public record SettingValue(Type type, Object value) {

    /** The value types. */
    public enum Type {
        STRING, INT, LONG, DOUBLE, BOOLEAN, STRINGS
    }

    public SettingValue {
        if (type == Type.STRINGS) {
            // a KNIME string array may hold null entries; no list setting gives them a meaning
            value = ((List<?>) value).stream().filter(java.util.Objects::nonNull).toList();
        }
    }

    public static SettingValue of(String v) {
        return new SettingValue(Type.STRING, v);
    }

    public static SettingValue of(int v) {
        return new SettingValue(Type.INT, v);
    }

    public static SettingValue of(long v) {
        return new SettingValue(Type.LONG, v);
    }

    public static SettingValue of(double v) {
        return new SettingValue(Type.DOUBLE, v);
    }

    public static SettingValue of(boolean v) {
        return new SettingValue(Type.BOOLEAN, v);
    }

    public static SettingValue of(List<String> v) {
        return new SettingValue(Type.STRINGS, v);
    }

    /** The value as the command line would spell it (lists joined by commas, null as empty). */
    public String text() {
        if (value == null) {
            return "";
        }
        if (type == Type.STRINGS) {
            return String.join(",", strings());
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    public List<String> strings() {
        return (List<String>) value;
    }
}

package org.cellpaintr.knime.base;

import java.util.Arrays;

import org.cellpaintr.engine.settings.SettingValue;
import org.cellpaintr.engine.settings.SettingsTree;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.NodeSettingsRO;
import org.knime.core.node.NodeSettingsWO;

/**
 * The one place a {@link SettingsTree} meets KNIME's node settings: each value becomes the entry of the same key and
 * type ({@code xstring}, {@code xint}, {@code xlong}, {@code xdouble}, {@code xboolean}, string array), which is
 * also what {@code SettingsXml} writes, so a node's settings.xml and a {@code --settings} file agree.
 */
public final class NodeSettingsAdapter {

    private NodeSettingsAdapter() {
    }

    public static void save(SettingsTree tree, NodeSettingsWO out) {
        for (var e : tree.asMap().entrySet()) {
            String k = e.getKey();
            SettingValue v = e.getValue();
            switch (v.type()) {
                case INT:
                    out.addInt(k, (Integer) v.value());
                    break;
                case LONG:
                    out.addLong(k, (Long) v.value());
                    break;
                case DOUBLE:
                    out.addDouble(k, (Double) v.value());
                    break;
                case BOOLEAN:
                    out.addBoolean(k, (Boolean) v.value());
                    break;
                case STRINGS:
                    out.addStringArray(k, v.strings().toArray(String[]::new));
                    break;
                default:
                    out.addString(k, (String) v.value());
            }
        }
    }

    /** The keys of {@code defaults} that {@code in} holds, read with the defaults' types. */
    public static SettingsTree load(NodeSettingsRO in, SettingsTree defaults) throws InvalidSettingsException {
        SettingsTree t = new SettingsTree();
        for (var e : defaults.asMap().entrySet()) {
            String k = e.getKey();
            if (!in.containsKey(k)) {
                continue;
            }
            switch (e.getValue().type()) {
                case INT:
                    t.put(k, in.getInt(k));
                    break;
                case LONG:
                    t.put(k, in.getLong(k));
                    break;
                case DOUBLE:
                    t.put(k, in.getDouble(k));
                    break;
                case BOOLEAN:
                    t.put(k, in.getBoolean(k));
                    break;
                case STRINGS:
                    String[] a = in.getStringArray(k);
                    t.put(k, a == null ? java.util.List.of() : Arrays.asList(a));
                    break;
                default:
                    t.put(k, SettingValue.of(in.getString(k)));
            }
        }
        return t;
    }
}

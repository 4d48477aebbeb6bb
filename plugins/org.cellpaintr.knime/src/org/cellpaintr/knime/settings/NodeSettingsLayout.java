package org.cellpaintr.knime.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.io.FeatureRuleKeys;
import org.cellpaintr.engine.rows.MissingPolicy;
import org.cellpaintr.engine.settings.SettingValue;
import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;

/**
 * Every key one node saves: its operation's keys (through the operation's codec), the table keys when it reads a
 * table (feature rule and missing-cell policy), and node-only extras. KNIME-free, so tests check defaults, round
 * trips and rejections without a KNIME runtime.
 */
public final class NodeSettingsLayout {

    private final SettingsCodec<?> operation;
    private final boolean tableKeys;
    private final Map<String, SettingValue> extras = new LinkedHashMap<>();

    private NodeSettingsLayout(SettingsCodec<?> operation, boolean tableKeys) {
        this.operation = operation;
        this.tableKeys = tableKeys;
    }

    /** A node whose settings are the operation's alone. */
    public static NodeSettingsLayout of(SettingsCodec<?> operation) {
        return new NodeSettingsLayout(operation, false);
    }

    /** A node that turns an input table into a profile table (feature rule and missing-cell policy). */
    public static NodeSettingsLayout withTable(SettingsCodec<?> operation) {
        return new NodeSettingsLayout(operation, true);
    }

    public NodeSettingsLayout extra(String key, SettingValue defaultValue) {
        extras.put(key, defaultValue);
        return this;
    }

    public SettingsCodec<?> operation() {
        return operation;
    }

    public SettingsTree defaults() {
        SettingsTree t = new SettingsTree(operation.defaults());
        if (tableKeys) {
            FeatureRuleKeys.put(t, FeatureColumnRule.CELLPROFILER);
            MissingPolicy.NAN.put(t);
        }
        extras.forEach(t::put);
        return t;
    }

    public Set<String> keys() {
        return defaults().keys();
    }

    /** The saved tree completed with defaults (unknown keys refused), then checked by the operation's codec. */
    public SettingsTree validate(SettingsTree saved) throws SettingsException {
        SettingsTree full = saved.over(defaults());
        operation.decode(operationPart(full));
        if (tableKeys) {
            FeatureRuleKeys.rule(full);
            MissingPolicy.read(full);
        }
        return full;
    }

    /** The keys of {@code t} that belong to the operation's codec. */
    public SettingsTree operationPart(SettingsTree t) {
        SettingsTree out = new SettingsTree();
        Set<String> own = operation.defaults().keys();
        for (var e : t.asMap().entrySet()) {
            if (own.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Decodes the operation's settings record from a node's tree. */
    @SuppressWarnings("unchecked")
    public <S> S decode(SettingsTree t) throws SettingsException {
        return (S) operation.decode(operationPart(t));
    }
}

package org.cellpaintr.model.proxy;

import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.device.DeviceKeys;

/**
 * Saved form of {@link SelectProxySettings} plus the device the model is loaded on; keys are the options of
 * {@code cellpaintr proxy}.
 */
public final class SelectProxyCodec implements SettingsCodec<SelectProxyCodec.Saved> {

    /** The settings and the device (the command line's {@code --device}). */
    public record Saved(SelectProxySettings settings, DeviceChoice device) {
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SettingsTree defaults() {
        return encode(new Saved(SelectProxySettings.defaults("new_source", ProxyStrategy.AUTOMATIC), DeviceChoice.cpu()));
    }

    @Override
    public Saved decode(SettingsTree saved) throws SettingsException {
        SettingsTree t = complete(saved);
        SelectProxySettings s;
        try {
            s = new SelectProxySettings(t.optionalString("new-source"), ProxyStrategy.parse(t.string("strategy")),
                    t.bool("replace"), t.optionalString("metadata-source-column"), t.integer("sample-rows"),
                    t.integer("batch-size"), t.longValue("seed"), t.integer("min-shared"),
                    LearnedTokenStart.parse(t.string("start")), t.number("lr"), t.integer("epochs"),
                    t.integer("patience"), t.number("held-out"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage().contains("token start") ? "start" : "strategy", e.getMessage());
        }
        s.validate();
        return new Saved(s, DeviceKeys.read(t));
    }

    @Override
    public SettingsTree encode(Saved saved) {
        SelectProxySettings s = saved.settings();
        SettingsTree t = versioned();
        t.put("new-source", s.newSource());
        t.put("strategy", s.strategy().label());
        t.put("replace", s.replaceExisting());
        t.put("metadata-source-column", s.metadataSourceColumn());
        t.put("sample-rows", s.sampleRows());
        t.put("batch-size", s.batchSize());
        t.put("seed", s.seed());
        t.put("min-shared", s.minSharedFeatures());
        t.put("start", s.learnedStart().label());
        t.put("lr", s.learningRate());
        t.put("epochs", s.maxEpochs());
        t.put("patience", s.patience());
        t.put("held-out", s.heldOutFraction());
        DeviceKeys.put(t, saved.device());
        return t;
    }
}

package org.cellpaintr.model.archive;

import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;

/**
 * Saved form of writing a model archive: {@code model-out} (as {@code cellpaintr train --model-out}) and whether an
 * existing file may be replaced.
 */
public final class ModelWriterCodec implements SettingsCodec<ModelWriterCodec.Settings> {

    public static final String MODEL_OUT = "model-out";
    /** Node only: the command line has its own output guard. */
    public static final String OVERWRITE = org.cellpaintr.engine.settings.NodeOnlyKeys.OVERWRITE;

    /**
     * @param modelOut  the archive file to write (empty: not chosen yet)
     * @param overwrite replace an existing file (false: refuse, naming it)
     */
    public record Settings(String modelOut, boolean overwrite) {
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SettingsTree defaults() {
        return encode(new Settings("", false));
    }

    @Override
    public Settings decode(SettingsTree saved) throws SettingsException {
        SettingsTree t = complete(saved);
        String m = t.string(MODEL_OUT);
        return new Settings(m == null ? "" : m.strip(), t.bool(OVERWRITE));
    }

    @Override
    public SettingsTree encode(Settings s) {
        return versioned().put(MODEL_OUT, s.modelOut()).put(OVERWRITE, s.overwrite());
    }
}

package org.cellpaintr.knime.port;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.settings.SettingsXml;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.provenance.StageRecord;

/**
 * What downstream nodes need to configure without loading a model: its feature vocabulary, source names,
 * embedding size and the stages it was trained through. It is the model port's spec, saved as a small settings
 * file.
 */
public record ModelDescription(List<String> features, List<String> sources, int embeddingSize, List<String> stages) {

    public ModelDescription {
        features = List.copyOf(features);
        sources = List.copyOf(sources);
        stages = List.copyOf(stages);
    }

    /** The description of an archive's contents. */
    public static ModelDescription of(ModelArchive.Contents c) {
        List<String> stages = new ArrayList<>();
        for (StageRecord r : c.provenance().stages()) {
            stages.add(r.stage());
        }
        return new ModelDescription(c.vocabulary().names(), c.sources(), c.config().dModel(), stages);
    }

    /** The port summary: stages and sources. */
    public String summary() {
        return "CellPainTR model: " + features.size() + " features -> " + embeddingSize + " dimensions; stages "
                + (stages.isEmpty() ? "none" : String.join(", ", stages)) + "; sources " + String.join(", ", sources);
    }

    public byte[] toBytes() {
        SettingsTree t = new SettingsTree().put(SettingsTree.VERSION_KEY, 1).put("features", features)
                .put("sources", sources).put("embedding-size", embeddingSize).put("stages", stages);
        return SettingsXml.toXml(t, "cellpaintr-model-spec").getBytes(StandardCharsets.UTF_8);
    }

    public static ModelDescription fromBytes(byte[] b) throws IOException {
        try {
            SettingsTree t = SettingsXml.read(new ByteArrayInputStream(b), "model port spec");
            if (t.version() != 1) {
                throw new IOException("model port spec version " + t.version() + " is not supported");
            }
            return new ModelDescription(t.strings("features"), t.strings("sources"), t.integer("embedding-size"),
                    t.strings("stages"));
        } catch (SettingsException e) {
            throw new IOException("model port spec: " + e.getMessage(), e);
        }
    }

    static byte[] readAll(java.io.InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}

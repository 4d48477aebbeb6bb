package org.cellpaintr.model.embed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Operation;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;

/**
 * Embed: the [CLS] representation of every well (no masking, evaluation mode), streamed batch by batch from the
 * off-heap matrix into an off-heap output. The output keeps the input's metadata; its features are the embedding.
 */
public final class Embed implements Operation<EmbedSettings, Embed.Spec, ProfileSchema, Embed.Input, ProfileTable> {

    /** What configure needs to know about the model, without loading its parameters. */
    public record Spec(ProfileSchema table, FeatureVocabulary vocabulary, List<String> sources, int dimensions) {
        public static Spec of(ProfileSchema table, CellPainTRModel model) {
            return new Spec(table, model.vocabulary(), model.sources().names(), model.config().dModel());
        }
    }

    /** The execute step's inputs. */
    public record Input(ProfileTable table, CellPainTRModel model) {
    }

    @Override
    public ProfileSchema configure(EmbedSettings s, Spec spec) throws SettingsException {
        s.validate();
        ModelInputs.requireVocabulary(spec.table(), spec.vocabulary());
        if (s.sourceColumn() != null) {
            spec.table().requireMetadata("source column", s.sourceColumn());
        } else if (!spec.sources().contains(s.fixedSource())) {
            throw new SettingsException("proxy source", "'" + s.fixedSource() + "' is not a source of the model; "
                    + "its sources are " + spec.sources());
        }
        List<String> names = embeddingNames(s, spec.dimensions());
        for (String n : names) {
            if (spec.table().metadata().containsKey(n)) {
                throw new SettingsException("column prefix", "output column '" + n + "' would clash with a metadata "
                        + "column; choose another prefix");
            }
        }
        java.util.Map<String, ColumnKind> meta = spec.table().metadata();
        return new ProfileSchema(meta, names);
    }

    static List<String> embeddingNames(EmbedSettings s, int d) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            names.add(s.columnPrefix() + i);
        }
        return names;
    }

    /** The source name of every row, checked against the codebook (the message names the value and a row). */
    static String[] sourcesOf(EmbedSettings s, ProfileTable table, List<String> known) throws SettingsException {
        String[] out = new String[table.rowCount()];
        if (s.fixedSource() != null) {
            java.util.Arrays.fill(out, s.fixedSource());
            return out;
        }
        MetadataColumn c = table.requireColumn("source column", s.sourceColumn());
        Set<String> knownSet = new HashSet<>(known);
        Set<String> unknown = new LinkedHashSet<>();
        int firstUnknownRow = -1;
        for (int r = 0; r < out.length; r++) {
            out[r] = c.text(r);
            if (!knownSet.contains(out[r])) {
                if (firstUnknownRow < 0) {
                    firstUnknownRow = r;
                }
                unknown.add(out[r]);
            }
        }
        if (!unknown.isEmpty()) {
            throw new SettingsException("source column", "source(s) " + unknown + " (first at row " + (firstUnknownRow + 1)
                    + ") are not in the model's codebook " + known + "; for a dataset the model has not seen, "
                    + "embed with a proxy source (Select Proxy Token)");
        }
        return out;
    }

    @Override
    public ProfileTable execute(EmbedSettings s, Input in, Progress progress) throws SettingsException, CanceledException {
        CellPainTRModel model = in.model();
        ProfileTable table = in.table();
        ProfileSchema names = configure(s, Spec.of(table.schema(), model));
        ModelInputs.requireRows(table);
        ModelInputs.requireFinite(table);
        String[] sources = sourcesOf(s, table, model.sources().names());
        int[] sourceRows = model.sources().rowsOf(sources);
        FeatureMatrix m = table.matrix();
        int n = m.rows();
        int f = m.columns();
        int d = model.config().dModel();
        FeatureMatrix.Builder out = FeatureMatrix.builder(d);
        boolean success = false;
        try {
            int size = s.batchSize() == EmbedSettings.AUTOMATIC ? model.automaticEmbedBatch() : s.batchSize();
            float[] batch = new float[size * f];
            int[] batchSources = new int[size];
            float[] row = new float[d];
            for (int start = 0; start < n; start += size) {
                progress.checkCanceled();
                int b = Math.min(size, n - start);
                m.readRows(start, b, batch);
                System.arraycopy(sourceRows, start, batchSources, 0, b);
                float[] emb = model.embedFlat(b == size ? batch : java.util.Arrays.copyOf(batch, b * f), b,
                        b == size ? batchSources : java.util.Arrays.copyOf(batchSources, b));
                for (int i = 0; i < b; i++) {
                    System.arraycopy(emb, i * d, row, 0, d);
                    requireFinite(row, start + i);
                    out.appendRow(row);
                }
                progress.report((double) (start + b) / n, "embedded " + (start + b) + " of " + n + " wells");
            }
            ProfileTable result = new ProfileTable(table.metadata(), names.features(), out.build());
            success = true;
            return result;
        } finally {
            if (!success) {
                out.close();
            }
        }
    }

    /**
     * A non-finite embedding means a broken model (diverged parameters): refuse it rather than write a table of NaN.
     * Rows are numbered from 1 (the input's data rows, header not counted).
     */
    private static void requireFinite(float[] embedding, int row) throws SettingsException {
        for (int j = 0; j < embedding.length; j++) {
            if (!Float.isFinite(embedding[j])) {
                throw new SettingsException("model", "the embedding of row " + (row + 1) + " has " + embedding[j]
                        + " in dimension " + j + ": the model's parameters are not usable (diverged training?)");
            }
        }
    }
}

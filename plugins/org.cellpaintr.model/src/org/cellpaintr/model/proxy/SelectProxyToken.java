package org.cellpaintr.model.proxy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Operation;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.table.TextColumn;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.embed.ModelInputs;

/**
 * Select Proxy Token: gives a dataset the model has not seen its own [SRC] codebook entry, chosen by one of three
 * strategies (docs/proxy.md), and ranks every candidate token.
 *
 * <p>Input: a model and the new data already aligned to the model's vocabulary (Intersect Features with the model as
 * reference; features the data lacks are zero and are never masked or scored). Output: the same model with a
 * codebook row named after the new source (changed in place, like Train Stage) that Embed, Train Stage and the
 * archive then treat as an ordinary source, plus the ranking table.
 */
public final class SelectProxyToken implements Operation<SelectProxySettings, SelectProxyToken.Spec, ProfileSchema,
        SelectProxyToken.Input, SelectProxyResult> {

    /** The token name the ranking gives the mean of the codebook when the learned strategy starts there. */
    public static final String CODEBOOK_MEAN = "codebook mean";

    /**
     * What configure looks at.
     *
     * @param metadata the metadata table's columns, or null when none is connected
     */
    public record Spec(ProfileSchema table, FeatureVocabulary vocabulary, List<String> sources, ProfileSchema metadata) {
        public static Spec of(ProfileSchema table, CellPainTRModel model, ProfileSchema metadata) {
            return new Spec(table, model.vocabulary(), model.sources().names(), metadata);
        }
    }

    /**
     * The execute step's inputs.
     *
     * @param metadata per-source descriptive metadata (one row per source), or null
     */
    public record Input(ProfileTable table, CellPainTRModel model, ProfileTable metadata) {
    }

    /** The ranking table's columns. */
    public static ProfileSchema rankingSchema() {
        Map<String, ColumnKind> cols = new LinkedHashMap<>();
        cols.put("candidate", ColumnKind.TEXT);
        cols.put("codebook_row", ColumnKind.NUMBER);
        cols.put("metadata_matches", ColumnKind.NUMBER);
        cols.put("metadata_compared", ColumnKind.NUMBER);
        cols.put("masked_mse", ColumnKind.NUMBER);
        cols.put("heldout_loss_before", ColumnKind.NUMBER);
        cols.put("heldout_loss_after", ColumnKind.NUMBER);
        cols.put("rank", ColumnKind.NUMBER);
        cols.put("winner", ColumnKind.TEXT);
        cols.put("strategy", ColumnKind.TEXT);
        return new ProfileSchema(cols, List.of());
    }

    /**
     * The example's entry point: the automatic strategy with the default settings and no metadata.
     *
     * @param aligned the new data, aligned to the model's vocabulary
     * @param newSource the name the new dataset's codebook entry gets
     */
    public static SelectProxyResult chooseAutomatically(CellPainTRModel model, ProfileTable aligned, String newSource,
            Progress progress) throws SettingsException, CanceledException {
        SelectProxySettings s = SelectProxySettings.defaults(newSource, ProxyStrategy.AUTOMATIC);
        return new SelectProxyToken().execute(s, new Input(aligned, model, null), progress);
    }

    @Override
    public ProfileSchema configure(SelectProxySettings s, Spec spec) throws SettingsException {
        s.validate();
        ModelInputs.requireVocabulary(spec.table(), spec.vocabulary());
        if (spec.sources().contains(s.newSource()) && !s.replaceExisting()) {
            throw new SettingsException("new source", "'" + s.newSource() + "' is already a source of the model "
                    + spec.sources() + "; choose another name or allow replacing its token");
        }
        if (candidates(s, spec.sources()).isEmpty()) {
            throw new SettingsException("new source", "the model has no other source than '" + s.newSource()
                    + "' to choose a token from");
        }
        if (s.strategy() == ProxyStrategy.METADATA && spec.metadata() == null) {
            throw new SettingsException("metadata", "the metadata strategy needs a table describing every source "
                    + "(one row per source: microscope, cell line, ...)");
        }
        if (spec.metadata() != null) {
            spec.metadata().requireMetadata("metadata source column", s.metadataSourceColumn());
        }
        return rankingSchema();
    }

    private static List<String> candidates(SelectProxySettings s, List<String> sources) {
        List<String> c = new ArrayList<>(sources);
        c.remove(s.newSource());
        return c;
    }

    @Override
    public SelectProxyResult execute(SelectProxySettings s, Input in, Progress progress)
            throws SettingsException, CanceledException {
        CellPainTRModel model = in.model();
        ProfileTable table = in.table();
        configure(s, Spec.of(table.schema(), model, in.metadata() == null ? null : in.metadata().schema()));
        if (table.rowCount() == 0) {
            throw new SettingsException("input", "the new data has no rows, so the sample is empty");
        }
        ModelInputs.requireFinite(table);
        List<String> warnings = new ArrayList<>();
        int f = model.vocabulary().size();
        int shared = sharedFeatures(table.matrix());
        if (shared == 0) {
            throw new SettingsException("features", "no shared features after intersection: 0 of the model's " + f
                    + " features has a non-zero value in the " + table.rowCount() + " wells (every column is zero "
                    + "padding); the new data and the model measure nothing in common");
        }
        if (shared < s.minSharedFeatures()) {
            warnings.add("only " + shared + " of the model's " + f + " features are shared with the new data (minimum "
                    + s.minSharedFeatures() + "); the choice rests on few features");
        }
        List<String> candidates = candidates(s, model.sources().names());
        MetadataMatch.Outcome meta = null;
        if (in.metadata() != null) {
            meta = MetadataMatch.choose(in.metadata(), s.metadataSourceColumn(), candidates, s.newSource());
            if (!meta.ignored().isEmpty()) {
                warnings.add("metadata rows of sources the model does not know were ignored: " + meta.ignored());
            }
        }

        int[] sampleRows = MaskedLossSample.drawRows(table.rowCount(), s.sampleRows(), s.seed());
        MaskedLossSample sample = MaskedLossSample.of(model, table.matrix(), sampleRows, s.batchSize(), s.seed(),
                "proxy-score");
        if (sample.maskedCount() == 0) {
            throw new SettingsException("sample rows", "the sample is empty: none of the " + sampleRows.length
                    + " sampled wells has a value that can be masked (all zero)");
        }
        boolean learned = s.strategy() == ProxyStrategy.LEARNED;
        Progress scoring = progress.sub(0, learned ? 0.3 : 1);
        double[] mse = new double[candidates.size()];
        for (int c = 0; c < mse.length; c++) {
            int row = model.sources().rowOf(candidates.get(c));
            String name = candidates.get(c);
            int k = c;
            mse[c] = sample.loss(model, row, new Progress() {
                @Override
                public void report(double fraction, String message) {
                    scoring.report((k + fraction) / mse.length, "scoring token '" + name + "': " + message);
                }

                @Override
                public void checkCanceled() throws CanceledException {
                    progress.checkCanceled();
                }
            });
        }
        int best = 0;
        for (int c = 1; c < mse.length; c++) {
            if (mse[c] < mse[best]) { // strictly lower: the earlier codebook row keeps a tie
                best = c;
            }
        }

        // from here on the model changes
        if (!model.sources().contains(s.newSource())) {
            model.addSources(List.of(s.newSource()), s.seed());
        }
        List<CandidateScore> scores = new ArrayList<>();
        for (int c = 0; c < candidates.size(); c++) {
            MetadataMatch.Score ms = meta == null ? null : meta.scores().get(c);
            scores.add(new CandidateScore(candidates.get(c), model.sources().rowOf(candidates.get(c)), false,
                    ms == null ? -1 : ms.matches(), ms == null ? -1 : ms.compared(), mse[c]));
        }
        String chosen;
        String explanation;
        double before = Double.NaN;
        double after = Double.NaN;
        String next = mse.length > 1 ? nextBest(candidates, mse, best) : null;
        switch (s.strategy()) {
            case METADATA -> {
                chosen = meta.winner();
                model.setSourceVector(s.newSource(), model.sourceVector(chosen));
                MetadataMatch.Score w = meta.scores().get(candidates.indexOf(chosen));
                explanation = String.format(Locale.ROOT, "metadata: '%s' matches %d of %d described attributes %s of "
                        + "'%s'%s", chosen, w.matches(), w.compared(), meta.attributes(), s.newSource(),
                        meta.tiedWith().isEmpty() ? ""
                                : "; tied with " + meta.tiedWith() + ", chosen as the first in the codebook");
                if (!meta.tiedWith().isEmpty()) {
                    warnings.add("metadata tie between '" + chosen + "' and " + meta.tiedWith()
                            + ": the first in codebook order was chosen");
                }
            }
            case AUTOMATIC -> {
                chosen = candidates.get(best);
                model.setSourceVector(s.newSource(), model.sourceVector(chosen));
                explanation = String.format(Locale.ROOT, "automatic: '%s' gives the lowest masked-modelling loss on "
                        + "%d sampled wells of '%s' (%.5f%s)", chosen, sample.size(), s.newSource(), mse[best],
                        next == null ? ", the only candidate" : "; next " + next);
            }
            default -> {
                float[] start;
                if (s.learnedStart() == LearnedTokenStart.BEST_CANDIDATE) {
                    chosen = candidates.get(best);
                    start = model.sourceVector(chosen);
                } else {
                    chosen = CODEBOOK_MEAN;
                    start = mean(model, candidates);
                }
                int heldCount = Math.max(1, (int) Math.ceil(s.heldOutFraction() * sampleRows.length));
                if (heldCount >= sampleRows.length) {
                    throw new SettingsException("sample rows", "the sample of " + sampleRows.length + " wells leaves "
                            + "nothing to learn from after holding out " + heldCount);
                }
                int[] trainRows = Arrays.copyOfRange(sampleRows, 0, sampleRows.length - heldCount);
                int[] heldRows = Arrays.copyOfRange(sampleRows, sampleRows.length - heldCount, sampleRows.length);
                MaskedLossSample training = MaskedLossSample.of(model, table.matrix(), trainRows, s.batchSize(),
                        s.seed(), "proxy-learn");
                MaskedLossSample heldOut = MaskedLossSample.of(model, table.matrix(), heldRows, s.batchSize(),
                        s.seed(), "proxy-heldout");
                TokenLearner.Outcome o = TokenLearner.learn(model, s.newSource(), start, training, heldOut, s,
                        progress.sub(0.3, 0.95));
                before = o.heldOutBefore();
                after = o.heldOutAfter();
                double learnedMse = sample.loss(model, model.sources().rowOf(s.newSource()), Progress.NONE);
                scores.add(new CandidateScore(s.newSource(), model.sources().rowOf(s.newSource()), true, -1, -1,
                        learnedMse));
                explanation = String.format(Locale.ROOT, "learned: a new token for '%s' started from %s lowered the "
                        + "held-out masked-modelling loss from %.5f to %.5f (%d epochs, best after %d; %d wells "
                        + "held out)", s.newSource(), chosen.equals(CODEBOOK_MEAN) ? "the codebook mean"
                                : "'" + chosen + "' (lowest loss of the candidates)", before, after, o.epochsRun(),
                        o.bestEpoch(), heldRows.length);
            }
        }
        model.provenance().addEvent(Instant.now() + " source '" + s.newSource() + "' set by Select Proxy Token: "
                + explanation);
        progress.report(1, explanation);
        ProfileTable ranking = rankingTable(s, scores, chosen, before, after);
        return new SelectProxyResult(model, ranking, s.strategy(), s.newSource(), chosen, explanation,
                List.copyOf(scores), before, after, sample.size(), shared, List.copyOf(warnings));
    }

    private static String nextBest(List<String> candidates, double[] mse, int best) {
        int second = -1;
        for (int c = 0; c < mse.length; c++) {
            if (c != best && (second < 0 || mse[c] < mse[second])) {
                second = c;
            }
        }
        return String.format(Locale.ROOT, "'%s' %.5f", candidates.get(second), mse[second]);
    }

    private static float[] mean(CellPainTRModel model, List<String> candidates) {
        float[] sum = new float[model.config().dModel()];
        for (String c : candidates) {
            float[] v = model.sourceVector(c);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= candidates.size();
        }
        return sum;
    }

    /** Features (columns) with at least one non-zero value: the ones the new data actually measured. */
    static int sharedFeatures(FeatureMatrix m) {
        boolean[] seen = new boolean[m.columns()];
        float[] row = new float[m.columns()];
        int count = 0;
        for (int r = 0; r < m.rows() && count < seen.length; r++) {
            m.readRow(r, row, 0);
            for (int j = 0; j < row.length; j++) {
                if (!seen[j] && row[j] != 0f) {
                    seen[j] = true;
                    count++;
                }
            }
        }
        return count;
    }

    private static ProfileTable rankingTable(SelectProxySettings s, List<CandidateScore> scores, String chosen,
            double before, double after) {
        Integer[] order = new Integer[scores.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> byStrategy = s.strategy() == ProxyStrategy.METADATA
                ? Comparator.comparingInt(i -> -scores.get(i).metadataMatches())
                : Comparator.comparingDouble(i -> scores.get(i).maskedMse());
        Arrays.sort(order, byStrategy.thenComparingInt(i -> scores.get(i).codebookRow()));
        double[] rank = new double[order.length];
        for (int k = 0; k < order.length; k++) {
            rank[order[k]] = k + 1;
        }
        int n = scores.size();
        String[] candidate = new String[n];
        String[] winner = new String[n];
        String[] strategy = new String[n];
        double[][] num = new double[6][n];
        for (int i = 0; i < n; i++) {
            CandidateScore c = scores.get(i);
            candidate[i] = c.candidate();
            strategy[i] = s.strategy().label();
            boolean isWinner = s.strategy() == ProxyStrategy.LEARNED ? c.learned() : c.candidate().equals(chosen);
            winner[i] = isWinner ? "yes" : s.strategy() == ProxyStrategy.LEARNED && c.candidate().equals(chosen)
                    ? "start of the learned token" : "";
            num[0][i] = c.codebookRow();
            num[1][i] = c.metadataMatches() < 0 ? Double.NaN : c.metadataMatches();
            num[2][i] = c.metadataCompared() < 0 ? Double.NaN : c.metadataCompared();
            num[3][i] = c.maskedMse();
            num[4][i] = c.learned() ? before : Double.NaN;
            num[5][i] = c.learned() ? after : Double.NaN;
        }
        List<String> names = List.copyOf(rankingSchema().metadata().keySet());
        List<MetadataColumn> cols = new ArrayList<>();
        cols.add(TextColumn.of(names.get(0), candidate));
        for (int k = 0; k < 6; k++) {
            cols.add(new NumberColumn(names.get(k + 1), num[k]));
        }
        cols.add(new NumberColumn(names.get(7), rank));
        cols.add(TextColumn.of(names.get(8), winner));
        cols.add(TextColumn.of(names.get(9), strategy));
        return ProfileTable.ofMetadata(cols);
    }
}

package org.cellpaintr.model.trainstage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Operation;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileSchema;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.table.TextColumn;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.embed.ModelInputs;
import org.cellpaintr.model.embed.SourceSensitivity;
import org.cellpaintr.model.trainer.LogRow;
import org.cellpaintr.model.trainer.StageTrainer;
import org.cellpaintr.model.trainer.TrainingCancelledException;
import org.cellpaintr.model.trainer.TrainingException;
import org.cellpaintr.model.trainer.TrainingMonitor;
import org.cellpaintr.model.trainer.TrainingResult;

/**
 * Train Stage: one stage of the CellPainTR curriculum on a profile table. Stage 1 (masked feature modelling)
 * starts a model from scratch (its vocabulary is the table's features) or continues one; stages 2 (intra-source)
 * and 3 (inter-source alignment) continue the model of the previous stage, trained in place.
 */
public final class TrainStage implements Operation<TrainStageSettings, TrainStage.Spec, ProfileSchema, TrainStage.Input, TrainStageResult> {

    /** What configure looks at: the table's columns and, when a model is connected, its vocabulary. */
    public record Spec(ProfileSchema table, FeatureVocabulary modelVocabulary) {
    }

    /**
     * The execute step's inputs.
     *
     * @param model      the model to continue, or null (stage 1 from scratch)
     * @param checkpoint where the per-epoch checkpoint goes (resumed from when it exists and matches), or null
     */
    public record Input(ProfileTable table, CellPainTRModel model, Path checkpoint) {
    }

    /** The columns of the log table. */
    public static ProfileSchema logSchema() {
        Map<String, ColumnKind> cols = new LinkedHashMap<>();
        cols.put("stage", ColumnKind.TEXT);
        cols.put("kind", ColumnKind.TEXT);
        for (String n : List.of("epoch", "step", "loss", "masked_mse", "supcon", "learning_rate", "skipped_batches",
                "seconds", "validation_map", "source_sensitivity")) {
            cols.put(n, ColumnKind.NUMBER);
        }
        return new ProfileSchema(cols, List.of());
    }

    @Override
    public ProfileSchema configure(TrainStageSettings s, Spec spec) throws SettingsException {
        s.validate();
        ProfileSchema t = spec.table();
        if (TrainStageSettings.present(s.sourceColumn())) {
            t.requireMetadata("source column", s.sourceColumn());
        }
        t.requireMetadata("plate column", s.plateColumn());
        if (s.training().stage().contrastive()) {
            t.requireMetadata("label column", s.labelColumn());
            if (spec.modelVocabulary() == null) {
                throw new SettingsException("model", "stage " + s.training().stage().number() + " continues the "
                        + "model of the previous stage: connect it");
            }
        }
        if (TrainStageSettings.present(s.controlColumn())) {
            t.requireMetadata("control column", s.controlColumn());
        }
        if (spec.modelVocabulary() != null) {
            ModelInputs.requireVocabulary(t, spec.modelVocabulary());
        } else if (t.features().isEmpty()) {
            throw new SettingsException("input", "the table has no feature columns");
        }
        return logSchema();
    }

    @Override
    public TrainStageResult execute(TrainStageSettings s, Input in, Progress progress)
            throws SettingsException, CanceledException {
        ProfileTable table = in.table();
        configure(s, new Spec(table.schema(), in.model() == null ? null : in.model().vocabulary()));
        ModelInputs.requireRows(table);
        ModelInputs.requireFinite(table);
        int n = table.rowCount();
        List<String> warnings = new ArrayList<>();

        String[] sources = new String[n];
        MetadataColumn sourceCol = TrainStageSettings.present(s.sourceColumn())
                ? table.requireColumn("source column", s.sourceColumn()) : null;
        for (int r = 0; r < n; r++) {
            sources[r] = sourceCol == null ? s.fixedSource() : sourceCol.text(r);
            if (sources[r].isEmpty()) {
                throw new SettingsException("source column", "row " + (r + 1) + " has no source");
            }
        }
        MetadataColumn plateCol = table.requireColumn("plate column", s.plateColumn());
        String[] plates = new String[n];
        for (int r = 0; r < n; r++) {
            plates[r] = plateCol.text(r);
            if (plates[r].isEmpty()) {
                throw new SettingsException("plate column", "row " + (r + 1) + " has no plate");
            }
        }
        String[] groups = s.groupBySource() ? sources : plates;
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        if (s.training().stage().contrastive()) {
            MetadataColumn controls = TrainStageSettings.present(s.controlColumn())
                    ? table.requireColumn("control column", s.controlColumn()) : null;
            labels = TableTrainingRows.labelCodes(table, table.requireColumn("label column", s.labelColumn()),
                    s.excludeControlsAsPositives() ? controls : null, TableTrainingRows.set(s.controlValues()));
            checkPositivesExist(s, labels, table.requireColumn("label column", s.labelColumn()), warnings);
            if (s.training().stage().number() == 3) {
                Set<String> distinct = new TreeSet<>(Arrays.asList(sources));
                if (distinct.size() < 2) {
                    throw new SettingsException("source column", "stage 3 aligns sources, but every well comes from "
                            + "source '" + distinct.iterator().next() + "'; use stage 2 for a single source");
                }
            }
        }

        Set<String> held = new HashSet<>(s.validationPlates());
        Set<String> seenPlates = new HashSet<>(Arrays.asList(plates));
        for (String p : s.validationPlates()) {
            if (!seenPlates.contains(p)) {
                throw new SettingsException("validation plates", "plate '" + p + "' is not in column '"
                        + s.plateColumn() + "'");
            }
        }
        int[] trainRows = java.util.stream.IntStream.range(0, n).filter(r -> !held.contains(plates[r])).toArray();
        int[] validRows = java.util.stream.IntStream.range(0, n).filter(r -> held.contains(plates[r])).toArray();
        if (trainRows.length == 0) {
            throw new SettingsException("validation plates", "every plate is held out; nothing is left to train on");
        }
        TableTrainingRows training = TableTrainingRows.of(table, trainRows, sources, groups, labels);
        TableTrainingRows validation = validRows.length == 0 ? null
                : TableTrainingRows.of(table, validRows, sources, groups, labels);

        CellPainTRModel model = in.model();
        boolean created = false;
        if (model == null) {
            CellPainTRConfig config = s.newModel() != null ? s.newModel() : CellPainTRConfig.authors();
            List<String> initial = new ArrayList<>(new TreeSet<>(Arrays.asList(sources)));
            try {
                model = CellPainTRModel.create(config, new FeatureVocabulary(table.features()), initial,
                        s.training().seed(), s.device());
            } catch (IllegalArgumentException e) {
                throw new SettingsException("model configuration", e.getMessage());
            }
            created = true;
        }
        boolean success = false;
        boolean recomputedBefore = model.recomputesActivations();
        model.recomputeActivations(s.recomputeActivations());
        int microBefore = model.trainingMicroBatch();
        model.trainingMicroBatch(s.microBatch());
        Map<Integer, Double> validationMap = new HashMap<>();
        Map<Integer, Double> sensitivity = new HashMap<>();
        SensitivitySample probe = SensitivitySample.of(table, trainRows, sources);
        try (ProfileTable heldOut = validRows.length > 0 && TrainStageSettings.present(s.labelColumn())
                ? table.selectRows(validRows) : null) {
            CellPainTRModel trained = model;
            TrainingResult result = new StageTrainer(s.training()).train(model, training, validation, in.checkpoint(),
                    monitor(progress, row -> {
                        if (heldOut != null && "validation".equals(row.kind())) {
                            validationMap.put(row.epoch(), ValidationRetrieval.meanAveragePrecision(s, trained, heldOut));
                        }
                        if (probe != null && "epoch".equals(row.kind())) {
                            sensitivity.put(row.epoch(), probe.measure(trained).ratio());
                        }
                    }));
            if (result.resumedFromEpoch() > 0) {
                warnings.add("resumed from the checkpoint after epoch " + result.resumedFromEpoch());
            }
            if (result.skippedBatches() > 0) {
                warnings.add(result.skippedBatches() + " batches skipped (non-finite loss or gradient; the limit is "
                        + s.training().maxSkippedFraction() * 100 + "% of the batches); see skipped_batches in the log");
            }
            if (!result.addedSources().isEmpty() && !created) {
                warnings.add("new sources added to the codebook: " + result.addedSources());
            }
            success = true;
            return new TrainStageResult(model, logTable(result.log(), validationMap, sensitivity), result.addedSources(),
                    result.skippedBatches(), warnings);
        } catch (TrainingCancelledException e) {
            throw new CanceledException();
        } catch (TrainingException e) {
            throw new SettingsException("training", e.getMessage());
        } catch (IOException e) {
            throw new SettingsException("checkpoint", "cannot write or read " + in.checkpoint() + ": " + e.getMessage());
        } finally {
            if (!success && created) {
                model.close();
            } else {
                model.recomputeActivations(recomputedBefore); // a property of this run, not of the model passed on
                model.trainingMicroBatch(microBefore);
            }
        }
    }

    private static void checkPositivesExist(TrainStageSettings s, int[] labels, MetadataColumn labelCol,
            List<String> warnings) throws SettingsException {
        Map<Integer, Integer> counts = new HashMap<>();
        int unlabelled = 0;
        for (int l : labels) {
            if (l < 0) {
                unlabelled++;
            } else {
                counts.merge(l, 1, Integer::sum);
            }
        }
        boolean anyReplicate = counts.values().stream().anyMatch(c -> c > 1);
        if (!anyReplicate) {
            throw new SettingsException("label column", "no two wells share a label in '" + labelCol.name()
                    + "', so SupCon has no positives; choose the compound column (InChIKey, JCP2022 or name)");
        }
        if (unlabelled > 0) {
            warnings.add(unlabelled + " wells have no label" + (s.excludeControlsAsPositives() ? " or are negative controls" : "")
                    + ": they take part in masked modelling and as negatives, never as positives");
        }
    }

    private static TrainingMonitor monitor(Progress progress, java.util.function.Consumer<LogRow> onLog) {
        return new TrainingMonitor() {
            @Override
            public void log(LogRow row) {
                onLog.accept(row);
            }

            @Override
            public void progress(double fraction, String message) {
                progress.report(fraction, message);
            }

            @Override
            public boolean cancelled() {
                try {
                    progress.checkCanceled();
                    return false;
                } catch (CanceledException e) {
                    return true;
                }
            }
        };
    }

    static ProfileTable logTable(List<LogRow> rows, Map<Integer, Double> validationMap,
            Map<Integer, Double> sensitivity) {
        int n = rows.size();
        String[] stage = new String[n];
        String[] kind = new String[n];
        double[][] v = new double[10][n];
        for (int i = 0; i < n; i++) {
            LogRow r = rows.get(i);
            stage[i] = r.stage();
            kind[i] = r.kind();
            v[0][i] = r.epoch();
            v[1][i] = r.step();
            v[2][i] = r.total();
            v[3][i] = r.maskedMse();
            v[4][i] = r.supCon();
            v[5][i] = r.learningRate();
            v[6][i] = r.skipped();
            v[7][i] = r.seconds();
            v[8][i] = "validation".equals(r.kind()) ? validationMap.getOrDefault(r.epoch(), Double.NaN) : Double.NaN;
            v[9][i] = "epoch".equals(r.kind()) ? sensitivity.getOrDefault(r.epoch(), Double.NaN) : Double.NaN;
        }
        List<MetadataColumn> cols = new ArrayList<>();
        cols.add(TextColumn.of("stage", stage));
        cols.add(TextColumn.of("kind", kind));
        List<String> names = List.copyOf(logSchema().metadata().keySet()).subList(2, 12);
        for (int c = 0; c < 10; c++) {
            cols.add(new NumberColumn(names.get(c), v[c]));
        }
        return ProfileTable.ofMetadata(cols);
    }
}

package org.cellpaintr.model.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.StepLosses;
import org.cellpaintr.model.TrainingBatch;
import org.cellpaintr.model.TrainingStep;
import org.cellpaintr.model.archive.LibraryVersions;
import org.cellpaintr.model.provenance.StageRecord;
import org.cellpaintr.model.loss.LossWeights;
import org.cellpaintr.model.masking.MaskSample;
import org.cellpaintr.model.optim.AdamW;

import com.google.gson.JsonObject;

/**
 * Runs one stage of the curriculum on a model (docs/method.md §2.2): batching per {@link TrainerSettings}, masked MSE
 * (+ SupCon in stages 2-3), AdamW with global-norm clipping, non-finite batches skipped and counted, a checkpoint after
 * every epoch, progress and cancellation at every step.
 *
 * <p>Determinism: every random decision (batch order, masks, dropout) is drawn from a generator seeded by (stage seed,
 * purpose, epoch, step), so the same data, settings and seed give bit-identical parameters on one machine, and a run
 * resumed from the checkpoint of epoch e continues exactly as the uninterrupted run would have.
 */
public final class StageTrainer {

    /** The only parameter trained in the first epoch when {@code sourceTableOnlyFirstEpoch} is set. */
    public static final String SOURCE_TABLE = "encoder.embedding.source";

    private final TrainerSettings settings;

    public StageTrainer(TrainerSettings settings) {
        this.settings = settings;
    }

    public TrainerSettings settings() {
        return settings;
    }

    /**
     * Trains {@code model} in place.
     *
     * @param rows the training rows (features in vocabulary order)
     * @param validation held-out rows evaluated after every epoch, or null
     * @param checkpoint file for the per-epoch checkpoint (resumed from when it exists and matches), or null
     * @throws TrainingException on bad input or too many non-finite batches
     * @throws TrainingCancelledException when the monitor cancels (the last checkpoint stays valid)
     */
    public TrainingResult train(CellPainTRModel model, TrainingRows rows, TrainingRows validation, Path checkpoint,
            TrainingMonitor monitor) throws IOException {
        Stage stage = settings.stage();
        if (stage.contrastive() && model.provenance().stages().isEmpty()) {
            throw new TrainingException("Stage " + stage.number() + " continues a trained model, but this model has no "
                    + "training history: run stage 1 (masked modelling) first");
        }
        RowsInspection data = RowsInspection.inspect(rows, model.vocabulary(), stage, "training");
        RowsInspection held = validation == null ? null
                : RowsInspection.inspect(validation, model.vocabulary(), stage, "validation");
        List<String> added = new ArrayList<>(model.addSources(data.sources, Seeds.derive(settings.seed(),
                "sources")));
        int unknownRow = -1;
        if (settings.recipe().sourceDropout() > 0) {
            if (data.sources.contains(TrainingRecipe.UNKNOWN_SOURCE)) {
                throw new TrainingException("The training rows use the source name '" + TrainingRecipe.UNKNOWN_SOURCE
                        + "', which source-token dropout reserves for its shared vector: rename that source");
            }
            added.addAll(model.addSources(List.of(TrainingRecipe.UNKNOWN_SOURCE),
                    Seeds.derive(settings.seed(), "unknown-source")));
            unknownRow = model.sources().rowOf(TrainingRecipe.UNKNOWN_SOURCE);
        }
        if (held != null) {
            for (String s : held.sources) {
                if (!model.sources().contains(s)) {
                    throw new TrainingException("Validation source '" + s + "' is not among the training sources "
                            + data.sources);
                }
            }
        }
        int perEpoch = EpochPlan.count(data.groupOf, data.groupNames.size(), data.labelOf, settings);
        if (perEpoch == 0) {
            throw new TrainingException("No complete batch of " + settings.batchSize() + " rows can be formed"
                    + (settings.dropLast() ? " (groups are smaller than a batch and the last partial batch is dropped)"
                            : ""));
        }

        TrainingRecipe recipe = settings.recipe();
        // steps-based length: as many epochs as needed, the last one cut at the step budget
        long totalSteps = recipe.schedule().steps() > 0 ? recipe.schedule().steps()
                : (long) perEpoch * settings.epochs();
        int epochs = (int) ((totalSteps + perEpoch - 1) / perEpoch);
        long skipLimit = settings.maxSkippedBatches(totalSteps);
        // what this run starts from: a resume must start from the same parameters (another --model-in would not)
        String startModel = parameterChecksum(model);

        AdamW.Settings opt = new AdamW.Settings(settings.learningRate(), settings.weightDecay(), 0.9, 0.999, 1e-8,
                settings.clipNorm());
        try (AdamW optimizer = settings.decayEverything() ? new AdamW(model, opt, e -> true) : new AdamW(model, opt)) {
            int startEpoch = 0;
            long step = 0;
            int skipped = 0;
            double priorSeconds = 0;
            List<LogRow> log = new ArrayList<>();
            if (checkpoint != null && Files.exists(checkpoint)) {
                Checkpoint ck = Checkpoint.read(checkpoint);
                checkMatches(ck, data, model, startModel, checkpoint);
                model.copyParameters(ck.model.values());
                optimizer.importState(ck.optimizer, ck.state.get("optimizerSteps").getAsLong());
                startEpoch = ck.state.get("epochsDone").getAsInt();
                step = ck.state.get("step").getAsLong();
                skipped = ck.state.get("skipped").getAsInt();
                priorSeconds = ck.state.get("seconds").getAsDouble();
                log.addAll(Checkpoint.logRows(ck.state.getAsJsonArray("log"), stage.label()));
            }
            if (held != null && startEpoch == 0) {
                // the untrained reference: epoch -1
                LogRow v = validate(model, validation, held, -1, 0, 0, priorSeconds);
                log.add(v);
                monitor.log(v);
            }
            long started = System.nanoTime();
            LossWeights weights = lossWeights(model);
            double maskMin = Double.isNaN(recipe.maskRatioMin()) ? model.config().maskRatioMin() : recipe.maskRatioMin();
            double maskMax = Double.isNaN(recipe.maskRatioMax()) ? model.config().maskRatioMax() : recipe.maskRatioMax();
            int f = model.vocabulary().size();
            float[] buffer = new float[f];
            try {
                for (int epoch = startEpoch; epoch < epochs; epoch++) {
                    boolean warmup = settings.sourceTableOnlyFirstEpoch() && epoch == 0;
                    model.setTrainable(warmup ? SOURCE_TABLE::equals : name -> true);
                    double sumTotal = 0;
                    double sumMse = 0;
                    double sumSup = 0;
                    int applied = 0;
                    for (int[] idx : EpochPlan.batches(data.groupOf, data.groupNames.size(), data.labelOf,
                            data.sourceOf, settings, epoch)) {
                        if (step >= totalSteps) {
                            break;
                        }
                        if (monitor.cancelled()) {
                            throw new TrainingCancelledException("Training cancelled in epoch " + (epoch + 1)
                                    + (checkpoint == null ? "" : "; it resumes from " + checkpoint + " (epoch "
                                            + epoch + " completed)"));
                        }
                        step++;
                        TrainingBatch batch = batch(model, rows, idx, buffer, stage.contrastive(),
                                Seeds.derive(settings.seed(), "dropout", epoch, step));
                        recipe.dropSources(batch.sourceRows(), unknownRow,
                                new SplittableRandom(Seeds.derive(settings.seed(), "source-dropout", epoch, step)));
                        recipe.zeroPadding().apply(batch.values(), batch.rows(),
                                new SplittableRandom(Seeds.derive(settings.seed(), "zero-padding", epoch, step)));
                        SplittableRandom maskRng = new SplittableRandom(
                                Seeds.derive(settings.seed(), "mask", epoch, step));
                        double lr = settings.learningRate() * recipe.schedule().factor(step, totalSteps);
                        StepLosses l;
                        boolean ok;
                        try (TrainingStep ts = model.newTrainingStep()) {
                            l = ts.forwardBackward(batch, model.sampleMask(batch, maskRng, maskMin, maskMax), weights);
                            ok = l.finite() && optimizer.step(lr).applied();
                            if (!l.finite()) {
                                model.zeroGradients();
                            }
                        }
                        if (!ok) {
                            skipped++;
                            if (skipped > skipLimit) {
                                throw new TrainingException("Training stopped: " + skipped + " of " + step
                                        + " batches had a non-finite loss or gradient (limit " + skipLimit + " of "
                                        + totalSteps + " batches, " + settings.maxSkippedFraction() * 100
                                        + "%; last in epoch " + (epoch + 1) + ", step " + step + "). The training "
                                        + "diverged: lower the learning rate or check the data for extreme values.");
                            }
                        } else {
                            sumTotal += l.total();
                            sumMse += l.maskedMse();
                            sumSup += l.supCon();
                            applied++;
                        }
                        double seconds = priorSeconds + (System.nanoTime() - started) / 1e9;
                        LogRow row = new LogRow(stage.label(), "step", epoch, step, l.total(), l.maskedMse(),
                                l.supCon(), lr, skipped, seconds);
                        log.add(row);
                        monitor.log(row);
                        monitor.progress(Math.min(1, step / (double) totalSteps), String.format(Locale.ROOT,
                                "%s epoch %d/%d, step %d/%d, loss %.4f%s", stage.label(), epoch + 1,
                                epochs, step, totalSteps, l.total(), ok ? "" : " (skipped)"));
                    }
                    double seconds = priorSeconds + (System.nanoTime() - started) / 1e9;
                    LogRow summary = new LogRow(stage.label(), "epoch", epoch, step, sumTotal / applied,
                            sumMse / applied, stage.contrastive() ? sumSup / applied : Double.NaN,
                            settings.learningRate() * recipe.schedule().factor(step, totalSteps), skipped, seconds);
                    log.add(summary);
                    monitor.log(summary);
                    if (held != null) {
                        LogRow v = validate(model, validation, held, epoch, step, skipped, seconds);
                        log.add(v);
                        monitor.log(v);
                    }
                    if (checkpoint != null) {
                        JsonObject state = new JsonObject();
                        state.addProperty("stage", stage.label());
                        state.add("settings", settingsJson());
                        state.addProperty("dataFingerprint", data.fingerprint);
                        state.addProperty("startModel", startModel);
                        state.addProperty("epochsDone", epoch + 1);
                        state.addProperty("step", step);
                        state.addProperty("skipped", skipped);
                        state.addProperty("optimizerSteps", optimizer.steps());
                        state.addProperty("seconds", seconds);
                        state.add("log", Checkpoint.logJson(log));
                        Checkpoint.write(checkpoint, state, model, optimizer);
                    }
                }
            } finally {
                model.setTrainable(name -> true);
            }
            requireFiniteParameters(model);
            List<Map<String, Double>> summaryRows = new ArrayList<>();
            Map<String, Double> finalLosses = new LinkedHashMap<>();
            for (LogRow r : log) {
                if (!r.kind().equals("step")) {
                    Map<String, Double> m = new LinkedHashMap<>(r.numbers());
                    m.put("validation", r.kind().equals("validation") ? 1.0 : 0.0);
                    summaryRows.add(m);
                    String prefix = r.kind().equals("validation") ? "validation." : "";
                    finalLosses.put(prefix + "total", r.total());
                    finalLosses.put(prefix + "maskedMse", r.maskedMse());
                    finalLosses.put(prefix + "supCon", r.supCon());
                }
            }
            finalLosses.put("skippedBatches", (double) skipped);
            finalLosses.put("predictMeanMse", data.predictMeanMse);
            if (stage.contrastive()) {
                finalLosses.put("supConFloor", supConFloor(EpochPlan.batches(data.groupOf, data.groupNames.size(),
                        data.labelOf, data.sourceOf, settings, 0), data.labelOf));
            }
            Map<String, String> settingsText = new LinkedHashMap<>(settings.asMap());
            if (!added.isEmpty()) {
                settingsText.put("addedSources", String.join(",", added));
            }
            StageRecord record = new StageRecord(stage.label(), settingsText, settings.seed(), "sha256:"
                    + data.fingerprint, finalLosses, Instant.now(), LibraryVersions.current(), summaryRows);
            model.provenance().addStage(record);
            return new TrainingResult(List.copyOf(log), record, added, skipped, startEpoch);
        }
    }

    private static TrainingBatch batch(CellPainTRModel model, TrainingRows rows, int[] idx, float[] buffer,
            boolean labelled, long dropoutSeed) {
        int f = buffer.length;
        float[] values = new float[idx.length * f];
        int[] src = new int[idx.length];
        int[] labels = labelled ? new int[idx.length] : null;
        for (int k = 0; k < idx.length; k++) {
            rows.features(idx[k], buffer);
            System.arraycopy(buffer, 0, values, k * f, f);
            src[k] = model.sources().rowOf(rows.source(idx[k]));
            if (labelled) {
                labels[k] = rows.label(idx[k]);
            }
        }
        return new TrainingBatch(values, idx.length, src, labels, dropoutSeed);
    }

    /** Loss on the held-out rows with masks fixed by the seed (the same in every epoch), no dropout. */
    private LogRow validate(CellPainTRModel model, TrainingRows rows, RowsInspection held, int epoch, long step,
            int skipped, double seconds) {
        TrainerSettings s = settings.withBatching(settings.batching(), false);
        double total = 0;
        double mse = 0;
        double sup = 0;
        long weight = 0;
        float[] buffer = new float[model.vocabulary().size()];
        int k = 0;
        // plan of epoch 0 with its own seed: identical every epoch, so the values are comparable
        for (int[] idx : EpochPlan.batches(held.groupOf, held.groupNames.size(), s.withSeed(Seeds.derive(
                settings.seed(), "validation")), 0)) {
            TrainingBatch b = batch(model, rows, idx, buffer, settings.stage().contrastive(), 0);
            TrainingRecipe recipe = settings.recipe();
            MaskSample mask = Double.isNaN(recipe.maskRatioMin())
                    ? model.sampleMask(b, new SplittableRandom(Seeds.derive(settings.seed(), "validation-mask", k++)))
                    : model.sampleMask(b, new SplittableRandom(Seeds.derive(settings.seed(), "validation-mask", k++)),
                            recipe.maskRatioMin(), recipe.maskRatioMax());
            try (TrainingStep ts = model.newTrainingStep()) {
                StepLosses l = ts.evaluate(b, mask, lossWeights(model));
                total += l.total() * idx.length;
                mse += l.maskedMse() * idx.length;
                sup += (Double.isNaN(l.supCon()) ? 0 : l.supCon()) * idx.length;
                weight += idx.length;
            }
        }
        return new LogRow(settings.stage().label(), "validation", epoch, step, total / weight, mse / weight,
                settings.stage().contrastive() ? sup / weight : Double.NaN, settings.learningRate(), skipped,
                seconds);
    }

    /**
     * The batches (row indices) of epoch {@code epoch} as {@link #train} forms them for these rows and settings
     * (checked like training rows), for inspection and tests.
     */
    public static List<int[]> batchPlan(TrainingRows rows, org.cellpaintr.model.FeatureVocabulary vocabulary,
            TrainerSettings settings, int epoch) {
        RowsInspection data = RowsInspection.inspect(rows, vocabulary, settings.stage(), "training");
        return EpochPlan.batches(data.groupOf, data.groupNames.size(), data.labelOf, data.sourceOf, settings, epoch);
    }

    /**
     * The lowest SupCon value the batches of a plan allow: an anchor with |P| positives loses at least log |P|
     * (all its positives at the same similarity, every negative infinitely far), an anchor without one 0; the mean
     * over all anchors of all batches. What a training SupCon should be compared with, not 0.
     */
    public static double supConFloor(List<int[]> batches, int[] labelOf) {
        double sum = 0;
        long anchors = 0;
        for (int[] b : batches) {
            int[] labels = new int[b.length];
            for (int k = 0; k < b.length; k++) {
                labels[k] = labelOf[b[k]];
            }
            for (int i = 0; i < labels.length; i++) {
                int positives = 0;
                for (int j = 0; j < labels.length; j++) {
                    if (j != i && labels[i] >= 0 && labels[j] == labels[i]) {
                        positives++;
                    }
                }
                sum += positives > 0 ? Math.log(positives) : 0;
                anchors++;
            }
        }
        return anchors == 0 ? Double.NaN : sum / anchors;
    }

    /** The recipe's loss balance, with the model configuration's values where the recipe leaves them open. */
    private LossWeights lossWeights(CellPainTRModel model) {
        TrainingRecipe.LossBalance b = settings.recipe().loss();
        return new LossWeights(b.mseWeight(), b.mseRelative(), b.supConWeightOr(model.config().supConWeight()),
                b.temperatureOr(model.config().temperature()), b.alignmentWeight());
    }

    private JsonObject settingsJson() {
        JsonObject o = new JsonObject();
        settings.asMap().forEach(o::addProperty);
        return o;
    }

    /** A diverged run must not produce a model: every parameter must be finite. */
    private static void requireFiniteParameters(CellPainTRModel model) {
        for (Map.Entry<String, float[]> e : model.parameterValues().entrySet()) {
            for (float v : e.getValue()) {
                if (!Float.isFinite(v)) {
                    throw new TrainingException("Training diverged: parameter " + e.getKey() + " holds " + v
                            + " after the last epoch; no model is produced. Lower the learning rate or check the data "
                            + "for extreme values.");
                }
            }
        }
    }

    /** SHA-256 over every parameter's name and values (in the model's order). */
    static String parameterChecksum(CellPainTRModel model) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, float[]> e : model.parameterValues().entrySet()) {
                md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * e.getValue().length)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(e.getValue());
                md.update(b.array());
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A checkpoint resumes only the run that wrote it: same stage, every setting, the same training rows and the same
     * starting model. Anything else is an error that lists every difference and says how to start over.
     */
    private void checkMatches(Checkpoint ck, RowsInspection data, CellPainTRModel model, String startModel,
            Path path) {
        List<String> diffs = new ArrayList<>();
        String stage = ck.state.get("stage").getAsString();
        if (!stage.equals(settings.stage().label())) {
            diffs.add("stage (checkpoint: " + stage + ", now: " + settings.stage().label() + ")");
        }
        JsonObject was = ck.state.getAsJsonObject("settings");
        JsonObject now = settingsJson();
        for (String k : new java.util.TreeSet<>(union(was.keySet(), now.keySet()))) {
            String a = was.has(k) ? was.get(k).getAsString() : "(absent)";
            String b = now.has(k) ? now.get(k).getAsString() : "(absent)";
            if (!a.equals(b)) {
                diffs.add("setting " + k + " (checkpoint: " + a + ", now: " + b + ")");
            }
        }
        if (!ck.state.get("dataFingerprint").getAsString().equals(data.fingerprint)) {
            diffs.add("the training data (other rows or values)");
        }
        if (!ck.model.vocabulary().equals(model.vocabulary())) {
            diffs.add("the model's feature vocabulary");
        }
        if (!ck.model.sources().equals(model.sources().names())) {
            diffs.add("the model's sources (checkpoint: " + ck.model.sources() + ", now: " + model.sources().names()
                    + ")");
        }
        if (!ck.model.config().equals(model.config())) {
            diffs.add("the model configuration");
        }
        if (!ck.state.has("startModel")) {
            diffs.add("the starting model (this checkpoint does not record it)");
        } else if (!ck.state.get("startModel").getAsString().equals(startModel)) {
            diffs.add("the starting model (its parameters differ: another model to continue from?)");
        }
        if (!diffs.isEmpty()) {
            throw new TrainingException("The checkpoint " + path + " belongs to another run; it differs in: "
                    + String.join("; ", diffs) + ". To start over, delete " + path + " (or choose another checkpoint "
                    + "file); to resume, rerun with the inputs and settings it was started with");
        }
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> u = new java.util.LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }
}

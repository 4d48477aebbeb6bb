package org.cellpaintr.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.cellpaintr.model.provenance.Provenance;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.loss.LossWeights;
import org.cellpaintr.model.loss.MaskedMse;
import org.cellpaintr.model.loss.SourceAlignment;
import org.cellpaintr.model.loss.SupConLoss;
import org.cellpaintr.model.masking.FeatureGroups;
import org.cellpaintr.model.masking.FeatureMasker;
import org.cellpaintr.model.masking.MaskSample;
import org.cellpaintr.model.nn.CellPainTRNetwork;
import org.cellpaintr.model.nn.GradMode;
import org.cellpaintr.model.nn.InitRule;
import org.cellpaintr.model.nn.OwnedTensors;
import org.cellpaintr.model.nn.ParameterSource;
import org.cellpaintr.model.nn.SeededParameterSource;
import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A CellPainTR model: the DJL network with its configuration, feature vocabulary, source codebook and provenance.
 *
 * <p>Use {@link #create} for a new model and {@code ModelArchive} (in the archive package, which builds on this
 * one) to save and load one. {@link #embed(float[][], String[])} gives the 256-d (dModel) [CLS] profile
 * embeddings; {@link #newTrainingStep()} runs the masked-modelling / SupCon forward and backward pass for a
 * trainer. A model is not thread-safe: use it from one thread at a time, and close it to free its native memory.
 */
public final class CellPainTRModel implements AutoCloseable {

    /**
     * Tokens per forward pass that {@link #automaticEmbedBatch()} aims at on a CPU. Why not the authors' 64 wells:
     * at 3,255 features a batch of 64 moves about 0.85 GB per MLP activation through memory, and the passes over
     * such tensors, not the arithmetic, set the pace; batches of about 8k tokens embedded 1.5-1.8 times more wells
     * per second at the paper's size and about 1.25 times more at 352 features (docs/benchmarks.md, "Embedding
     * batch size").
     */
    public static final int EMBED_TOKENS_CPU = 8192;
    /** Wells per forward pass on a GPU (the authors' inference batch). */
    public static final int EMBED_BATCH_GPU = 64;

    private final CellPainTRConfig config;
    private final FeatureVocabulary vocabulary;
    private final SourceCodebook codebook;
    private final Provenance provenance;
    private final Model djlModel;
    private final CellPainTRNetwork network;
    private final DataType dataType;
    private final FeatureMasker masker;
    private final Engine engine;
    private boolean recomputeActivations;
    private int trainingMicroBatch;

    private CellPainTRModel(CellPainTRConfig config, FeatureVocabulary vocabulary, SourceCodebook codebook,
            Provenance provenance, Model djlModel, CellPainTRNetwork network, DataType dataType, Engine engine) {
        this.config = config;
        this.vocabulary = vocabulary;
        this.codebook = codebook;
        this.provenance = provenance;
        this.djlModel = djlModel;
        this.network = network;
        this.dataType = dataType;
        this.engine = engine;
        FeatureGroups groups = FeatureGroups.fromCellProfilerNames(vocabulary.names());
        this.masker = new FeatureMasker(groups, config.maskingMode(), config.maskRatioMin(), config.maskRatioMax());
    }

    /**
     * A new model with freshly initialised parameters (float32).
     *
     * @param sources names of the initial source-codebook rows (at least one)
     * @param seed seed of the parameter initialisation
     */
    public static CellPainTRModel create(CellPainTRConfig config, FeatureVocabulary vocabulary, List<String> sources,
            long seed, DeviceChoice device) {
        return create(config, vocabulary, sources, seed, device, DataType.FLOAT32);
    }

    /**
     * As {@link #create(CellPainTRConfig, FeatureVocabulary, List, long, DeviceChoice)} with a chosen precision.
     * FLOAT64 exists for numerical checks (finite differences); archives store float32.
     */
    public static CellPainTRModel create(CellPainTRConfig config, FeatureVocabulary vocabulary, List<String> sources,
            long seed, DeviceChoice device, DataType dataType) {
        Provenance provenance = new Provenance(Instant.now(), seed);
        return assemble(config, vocabulary, new SourceCodebook(sources), provenance,
                new SeededParameterSource(seed), device.resolve(), dataType);
    }

    /**
     * Builds the network and fills every parameter from {@code source}; used for new models and by the archive
     * reader (public for that package, not meant for general use).
     */
    public static CellPainTRModel assemble(CellPainTRConfig config, FeatureVocabulary vocabulary,
            SourceCodebook codebook, Provenance provenance, ParameterSource source, Device device,
            DataType dataType) {
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
            throw new IllegalArgumentException("A model computes in float32 (or float64 for checks), not "
                    + dataType);
        }
        Engine engine = Runtimes.pytorch();
        Model model = engine.newModel("cellpaintr", device);
        try {
            CellPainTRNetwork net = new CellPainTRNetwork(config, vocabulary.size(),
                    vocabulary.identityRows(config.spareIdentityRows()), codebook.size());
            Map<String, InitRule> rules = new LinkedHashMap<>();
            net.collectRules("", rules);
            for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                String name = e.getKey();
                InitRule rule = rules.get(name);
                e.getValue().setInitializer((manager, shape, type) -> {
                    float[] values = source.values(name, shape, rule);
                    if (values.length != shape.size()) {
                        throw new IllegalArgumentException("Parameter " + name + " needs " + shape.size()
                                + " values, got " + values.length);
                    }
                    NDArray a = OwnedTensors.of(manager, values, shape);
                    NDArray t = a.toType(type, false);
                    if (t != a) {
                        a.close();
                    }
                    return t;
                });
            }
            model.setBlock(net);
            NDManager manager = model.getNDManager();
            try (NDScope scope = new NDScope(); GradMode off = GradMode.off(engine)) {
                net.initialize(manager, dataType, new Shape(1, vocabulary.size()), new Shape(1));
                // parameters and buffers must outlive this scope
                for (Parameter p : net.namedParameters().values()) {
                    NDScope.unregister(p.getArray());
                }
                scope.suppressNotUsedWarning();
            }
            return new CellPainTRModel(config, vocabulary, codebook, provenance, model, net, dataType, engine);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ accessors

    public CellPainTRConfig config() {
        return config;
    }

    public FeatureVocabulary vocabulary() {
        return vocabulary;
    }

    /** The source codebook (grows only through {@link #addSources}). */
    public SourceCodebook sources() {
        return codebook;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The DJL model holding {@link #network()}. */
    public Model djlModel() {
        return djlModel;
    }

    public CellPainTRNetwork network() {
        return network;
    }

    public Device device() {
        return djlModel.getNDManager().getDevice();
    }

    public DataType dataType() {
        return dataType;
    }

    /** The manager that owns the parameters; per-step managers are children of it. */
    public NDManager manager() {
        return djlModel.getNDManager();
    }

    /** The masker built from the configuration and the vocabulary's CellProfiler names. */
    public FeatureMasker masker() {
        return masker;
    }

    /** Ordered parameters with stable dotted names ({@code encoder...}, {@code head...}). */
    public Map<String, Parameter> namedParameters() {
        return network.namedParameters();
    }

    /** Number of encoder parameters (everything needed for embeddings). */
    public long encoderParameterCount() {
        return network.encoder().parameterCount();
    }

    /** Number of regression-head parameters. */
    public long headParameterCount() {
        return network.head().parameterCount();
    }

    /**
     * Marks which parameters a training step updates (all others keep requires-grad off and get no gradient),
     * e.g. only {@code encoder.embedding.source} for the stage-2 warm-up the authors describe.
     */
    public void setTrainable(Predicate<String> trainable) {
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            e.getValue().freeze(!trainable.test(e.getKey()));
        }
    }

    // ------------------------------------------------------------------ codebook growth

    /**
     * Appends a codebook row for every name not yet known, initialised N(0, 0.02) from a generator seeded by
     * ({@code seed}, name); existing rows are untouched. Each addition is also recorded in the provenance.
     *
     * @return the names that were added, in order (empty when all were known)
     */
    public List<String> addSources(Collection<String> names, long seed) {
        List<String> added = new ArrayList<>();
        for (String n : names) {
            if (!codebook.contains(n) && !added.contains(n)) {
                added.add(n);
            }
        }
        if (added.isEmpty()) {
            return List.of();
        }
        int d = config.dModel();
        float[] rows = new float[added.size() * d];
        for (int i = 0; i < added.size(); i++) {
            float[] row = new float[d];
            SeededParameterSource.fill(row, InitRule.NORMAL_002,
                    new SplittableRandom(SeededParameterSource.streamSeed(seed, "source-row:" + added.get(i))));
            System.arraycopy(row, 0, rows, i * d, d);
        }
        try (GradMode off = GradMode.off(engine); NDScope scope = new NDScope()) {
            NDArray old = network.encoder().embedding().sourceTable().getArray();
            NDArray extra = OwnedTensors.of(manager(), rows, new Shape(added.size(), d)).toType(dataType, false);
            NDArray grown = old.concat(extra, 0);
            grown.attach(manager());
            NDScope.unregister(grown);
            scope.suppressNotUsedWarning();
            network.encoder().embedding().growSourceTable(grown);
        }
        for (String n : added) {
            int row = codebook.append(n);
            provenance.addEvent(Instant.now() + " source '" + n + "' added to the codebook as row " + row
                    + " (N(0,0.02), seed " + seed + ")");
        }
        return Collections.unmodifiableList(added);
    }

    /** A host copy (float32) of the codebook row of {@code source}. */
    public float[] sourceVector(String source) {
        int row = codebook.rowOf(source);
        try (NDArray r = network.encoder().embedding().sourceTable().getArray().get(row);
                NDArray f = r.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    /**
     * Overwrites the codebook row of {@code source} with {@code vector} (dModel values) in place; every other row and
     * parameter is untouched. Used to give a proxy source a chosen or learned vector.
     */
    public void setSourceVector(String source, float[] vector) {
        int row = codebook.rowOf(source);
        if (vector.length != config.dModel()) {
            throw new IllegalArgumentException("A source vector has " + config.dModel() + " values, got "
                    + vector.length);
        }
        try (GradMode off = GradMode.off(engine); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray table = network.encoder().embedding().sourceTable().getArray();
            NDArray v = OwnedTensors.of(manager(), vector, new Shape(1, vector.length)).toType(dataType, false);
            table.set(new ai.djl.ndarray.index.NDIndex("{}:{}", row, row + 1), v);
        }
    }

    // ------------------------------------------------------------------ embedding

    /**
     * [CLS] embeddings of profiles, in evaluation mode (no masking, no dropout, no gradient).
     *
     * @param rows profiles in vocabulary order, each of length {@code vocabulary().size()}
     * @param sources the source name of each profile (must be in the codebook; map unseen datasets to a proxy)
     * @return one dModel-long vector per profile
     */
    public float[][] embed(float[][] rows, String[] sources) {
        if (rows.length != sources.length) {
            throw new IllegalArgumentException(rows.length + " profiles but " + sources.length + " source names");
        }
        int f = vocabulary.size();
        int[] srcRows = codebook.rowsOf(sources);
        float[][] out = new float[rows.length][];
        int size = automaticEmbedBatch();
        for (int start = 0; start < rows.length; start += size) {
            int n = Math.min(size, rows.length - start);
            float[] flat = new float[n * f];
            for (int i = 0; i < n; i++) {
                float[] r = rows[start + i];
                if (r.length != f) {
                    throw new IllegalArgumentException("Profile " + (start + i) + " has " + r.length
                            + " values; the model's vocabulary has " + f + " features");
                }
                System.arraycopy(r, 0, flat, i * f, f);
            }
            int[] chunkRows = new int[n];
            System.arraycopy(srcRows, start, chunkRows, 0, n);
            float[] emb = embedFlat(flat, n, chunkRows);
            int d = config.dModel();
            for (int i = 0; i < n; i++) {
                out[start + i] = java.util.Arrays.copyOfRange(emb, i * d, (i + 1) * d);
            }
        }
        return out;
    }

    /**
     * Wells per forward pass when the caller does not choose: on a CPU about {@link #EMBED_TOKENS_CPU} tokens
     * (features + [CLS] + [SRC]) per pass, at least 1; on a GPU {@link #EMBED_BATCH_GPU}.
     */
    public int automaticEmbedBatch() {
        if (manager().getDevice().isGpu()) {
            return EMBED_BATCH_GPU;
        }
        int tokens = vocabulary.size() + 2;
        return Math.max(1, Math.round((float) EMBED_TOKENS_CPU / tokens));
    }

    /**
     * [CLS] embeddings of one batch given as a row-major array, in evaluation mode.
     *
     * @return row-major (n × dModel)
     */
    public float[] embedFlat(float[] values, int n, int[] sourceRows) {
        try (NDScope scope = new NDScope(); NDManager m = manager().newSubManager();
                GradMode off = GradMode.off(engine)) {
            scope.suppressNotUsedWarning();
            NDArray x = values(m, values, n);
            NDArray cls = CellPainTRNetwork.clsOf(network.encode(x, null, sourceIndex(m, sourceRows), false));
            return cls.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /**
     * [CLS] embeddings (B, D) of device-resident values (B, F) with int64 source rows (B), in evaluation mode; the
     * result is attached to {@code manager}.
     */
    public NDArray embed(NDManager manager, NDArray values, NDArray sourceRows) {
        try (NDScope scope = new NDScope(); GradMode off = GradMode.off(engine)) {
            scope.suppressNotUsedWarning();
            NDArray cls = CellPainTRNetwork.clsOf(network.encode(values, null, sourceRows, false)).duplicate();
            NDScope.unregister(cls);
            cls.attach(manager);
            return cls;
        }
    }

    // ------------------------------------------------------------------ training

    /**
     * Opens a training step: a per-step NDManager and an NDScope that frees every tensor the step creates when it
     * is closed. Use it from the thread that opened it.
     */
    public TrainingStep newTrainingStep() {
        return new TrainingStep(this);
    }

    /**
     * Whether training steps recompute each encoder block's activations in the backward pass instead of storing
     * them ({@link org.cellpaintr.model.nn.BlockRecompute}): less memory, one more forward pass through the blocks.
     * A property of this loaded model, like its device; not saved in the archive, and the results are the same up
     * to float rounding.
     */
    public boolean recomputesActivations() {
        return recomputeActivations;
    }

    /** Switches {@link #recomputesActivations()}. */
    public void recomputeActivations(boolean on) {
        this.recomputeActivations = on;
    }

    /**
     * Wells per forward pass inside a training step; 0 (the default): the whole batch in one pass. With fewer wells
     * than the batch, {@link TrainingStep} runs the batch in micro-batches of this size and gives the same gradient
     * (gradient caching, Gao et al. 2021, for the contrastive terms: the [CLS] rows of the whole batch come from a
     * pass without gradients, the contrastive loss is back-propagated to them, and each micro-batch then
     * back-propagates its masked MSE plus its [CLS] rows times their gradient). Why: at the paper's size a batch of
     * 16 moves about 0.2 GB per MLP activation, and a step of 4 micro-batches of 4 took about two thirds of the CPU
     * time per well (docs/benchmarks.md). Dropout draws another (seeded) stream per micro-batch, so with dropout on
     * the steps are equally valid but not bit-identical to whole-batch steps; without it they are equal up to float
     * rounding. A property of this loaded model, like its device; not saved in the archive.
     */
    public int trainingMicroBatch() {
        return trainingMicroBatch;
    }

    /** Sets {@link #trainingMicroBatch()} (0: whole batches). */
    public void trainingMicroBatch(int wells) {
        if (wells < 0) {
            throw new IllegalArgumentException("micro-batch must be 0 (whole batches) or at least 1 well, was " + wells);
        }
        this.trainingMicroBatch = wells;
    }

    /** Draws the mask for a batch from {@code rng} (channel-wise or per feature, never a zero value). */
    public MaskSample sampleMask(TrainingBatch batch, SplittableRandom rng) {
        return masker.sample(batch.values(), batch.rows(), rng);
    }

    /** As {@link #sampleMask(TrainingBatch, SplittableRandom)} with the ratio drawn from [min, max) instead. */
    public MaskSample sampleMask(TrainingBatch batch, SplittableRandom rng, double minRatio, double maxRatio) {
        FeatureMasker m = minRatio == config.maskRatioMin() && maxRatio == config.maskRatioMax() ? masker
                : new FeatureMasker(masker.groups(), masker.mode(), minRatio, maxRatio);
        return m.sample(batch.values(), batch.rows(), rng);
    }

    /** The loss weights of the configuration: 1 × MSE + supConWeight × SupCon at its temperature (the authors'). */
    public LossWeights configuredLossWeights() {
        return new LossWeights(1, false, config.supConWeight(), config.temperature());
    }

    /**
     * The losses of one batch as tensors (scalars on the model's device), for a caller that manages its own
     * gradient collection.
     *
     * @param training true: dropout active (the caller seeds libtorch's generator); false: evaluation
     * @return {total, maskedMse, supCon or null}
     */
    public NDArray[] losses(NDManager manager, TrainingBatch batch, MaskSample mask, boolean training) {
        return losses(manager, batch, mask, training, configuredLossWeights());
    }

    /**
     * As {@link #losses(NDManager, TrainingBatch, MaskSample, boolean)} with explicit weights; the returned masked
     * MSE is always the plain one (comparable across recipes), the total uses the weighted (and relative) one.
     */
    public NDArray[] losses(NDManager manager, TrainingBatch batch, MaskSample mask, boolean training,
            LossWeights weighting) {
        if (batch.features() != vocabulary.size()) {
            throw new IllegalArgumentException("Batch rows have " + batch.features() + " values; the model's "
                    + "vocabulary has " + vocabulary.size() + " features");
        }
        int b = batch.rows();
        int f = vocabulary.size();
        NDArray x = values(manager, batch.values(), b);
        NDArray maskArr = OwnedTensors.of(manager, mask.masked(), new Shape(b, f));
        NDArray weights = OwnedTensors.of(manager, mask.weights(), new Shape(b, f)).toType(dataType, false);
        NDArray seq = network.encode(x, maskArr, sourceIndex(manager, batch.sourceRows()), training);
        NDArray predicted = network.predictValues(seq);
        NDArray mse = MaskedMse.compute(predicted, x, weights, mask.maskedCount());
        predicted.close();
        double scale = weighting.mse() / (weighting.mseRelative()
                ? LossWeights.maskedTargetVariance(batch.values(), mask.masked()) : 1);
        // float scalars keep the total in the model's precision (a double scalar would promote it to float64)
        NDArray mseTerm = scale == 1 ? mse : mse.mul((float) scale);
        if (!contrastive(batch, weighting)) {
            seq.close();
            return new NDArray[] {mseTerm, mse, null};
        }
        NDArray total = mseTerm;
        NDArray sup;
        try (NDArray cls = CellPainTRNetwork.clsOf(seq)) {
            NDArray[] c = contrastiveTerms(manager, cls, batch, weighting);
            total = total.add(c[0]);
            sup = c[1];
        }
        seq.close();
        return new NDArray[] {total, mse, sup};
    }

    /** Whether {@link #contrastiveTerms} has anything to compute for this batch and weighting. */
    static boolean contrastive(TrainingBatch batch, LossWeights weighting) {
        return batch.labels() != null && (weighting.supCon() > 0 || weighting.alignment() > 0);
    }

    /**
     * The contrastive part of the loss on the batch's [CLS] rows (b x d): {weighted SupCon + weighted alignment, the
     * SupCon loss or null}. Call it only when {@link #contrastive} holds.
     */
    NDArray[] contrastiveTerms(NDManager manager, NDArray cls, TrainingBatch batch, LossWeights weighting) {
        NDArray sup = null;
        NDArray total = null;
        if (weighting.supCon() > 0) {
            sup = SupConLoss.compute(network.contrastiveView(cls), batch.labels(), weighting.temperature(), manager);
            total = sup.mul((float) weighting.supCon());
        }
        NDArray a = weighting.alignment() > 0
                ? SourceAlignment.compute(cls, batch.sourceRows(), batch.labels(), manager) : null;
        if (a != null) {
            NDArray t = a.mul((float) weighting.alignment());
            total = total == null ? t : total.add(t);
        }
        if (total == null) {
            total = manager.zeros(new Shape(), dataType);
        }
        return new NDArray[] {total, sup};
    }

    /**
     * The training forward pass of rows [from, to) of a batch: {their masked MSE summed over their masked values and
     * divided by the whole batch's masked count (so the rows' terms add up to the batch's MSE), their [CLS] rows}.
     * Dropout and gradients as the caller has set them (micro-batched steps, {@link TrainingStep}).
     */
    NDArray[] trainingRows(NDManager manager, TrainingBatch batch, MaskSample mask, int from, int to) {
        int f = vocabulary.size();
        int b = to - from;
        float[] v = java.util.Arrays.copyOfRange(batch.values(), from * f, to * f);
        boolean[] m = java.util.Arrays.copyOfRange(mask.masked(), from * f, to * f);
        float[] w = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            w[i] = m[i] ? 1f : 0f;
        }
        NDArray x = values(manager, v, b);
        NDArray maskArr = OwnedTensors.of(manager, m, new Shape(b, f));
        NDArray weights = OwnedTensors.of(manager, w, new Shape(b, f)).toType(dataType, false);
        NDArray seq = network.encode(x, maskArr, sourceIndex(manager,
                java.util.Arrays.copyOfRange(batch.sourceRows(), from, to)), true);
        NDArray predicted = network.predictValues(seq);
        NDArray mse = MaskedMse.compute(predicted, x, weights, mask.maskedCount());
        predicted.close();
        NDArray cls = CellPainTRNetwork.clsOf(seq);
        return new NDArray[] {mse, cls};
    }

    /** A host copy of every parameter (float32, row-major), by dotted name. */
    public Map<String, float[]> parameterValues() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            try (NDArray f = e.getValue().getArray().toType(DataType.FLOAT32, true)) {
                out.put(e.getKey(), f.toFloatArray());
            }
        }
        return out;
    }

    /**
     * Overwrites every parameter with {@code values} (e.g. from a checkpoint); names and sizes must match exactly.
     * The parameter tensors stay the same objects, so an optimiser built for this model stays valid.
     */
    public void copyParameters(Map<String, float[]> values) {
        Map<String, Parameter> params = namedParameters();
        if (!params.keySet().equals(values.keySet())) {
            throw new IllegalArgumentException("Parameter names differ: the model has " + params.size()
                    + ", the values " + values.size());
        }
        try (GradMode off = GradMode.off(engine)) {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray a = e.getValue().getArray();
                float[] v = values.get(e.getKey());
                if (v.length != a.size()) {
                    throw new IllegalArgumentException("Parameter " + e.getKey() + " has " + a.size()
                            + " values, got " + v.length);
                }
                if (dataType == DataType.FLOAT32) {
                    a.set(v);
                } else {
                    double[] d = new double[v.length];
                    for (int i = 0; i < v.length; i++) {
                        d[i] = v[i];
                    }
                    a.set(d);
                }
            }
        }
    }

    /** Sets every parameter's gradient to zero (libtorch otherwise accumulates across backward passes). */
    public void zeroGradients() {
        for (Parameter p : namedParameters().values()) {
            NDArray a = p.getArray();
            if (a.hasGradient() && a instanceof PtNDArray pt) {
                JniUtils.zeroGrad(pt);
            }
        }
    }

    Engine engine() {
        return engine;
    }

    NDArray values(NDManager m, float[] values, int rows) {
        int f = vocabulary.size();
        if (values.length != (long) rows * f) {
            throw new IllegalArgumentException("expected " + rows + " × " + f + " values, got " + values.length);
        }
        return OwnedTensors.of(m, values, new Shape(rows, f)).toType(dataType, false);
    }

    NDArray sourceIndex(NDManager m, int[] rows) {
        long[] idx = new long[rows.length];
        long size = codebook.size();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= size) {
                throw new IllegalArgumentException("Source row " + rows[i] + " is outside the codebook (" + size
                        + " rows)");
            }
            idx[i] = rows[i];
        }
        return OwnedTensors.of(m, idx, new Shape(rows.length));
    }

    @Override
    public void close() {
        djlModel.close();
    }
}

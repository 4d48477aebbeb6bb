package org.cellpaintr.model.config;

/**
 * Every architectural and objective setting of a CellPainTR model (docs/method.md §1).
 *
 * <p>The sequence length is not a setting: it follows from the feature vocabulary ({@code features + 2}: the
 * {@code [CLS]} token in front, the {@code [SRC]} source token at the end). {@link #authors()} gives the 2024
 * configuration (d 256, 4 layers, MLP 1024, Hyena order 2, filter width 64, positional size 5, sine frequency 10,
 * embedding dropout 0.1) with this port's defaults for what the paper and code disagree on (filter mode, masking).
 *
 * @param dModel width of every token vector
 * @param layers number of encoder blocks
 * @param order Hyena operator order N (N-1 gated long convolutions); the authors use 2
 * @param filterWidth width of the implicit filter's feed-forward network ({@code filter_order} in the code)
 * @param posEmbDim size of the filter's positional features: 1 (time) + 2 × bands; odd, at least 3
 * @param sineFreq initial value of the trainable sine-activation frequencies of the implicit filter
 * @param mlpWidth hidden width of each block's MLP
 * @param embedDropout dropout applied once to the embedded sequence (training only)
 * @param residDropout dropout on each residual branch output (training only)
 * @param layerNormEps epsilon of every LayerNorm
 * @param filterMode evident intent (default) or exact 2024 reproduction of the Hyena filter quirks
 * @param maskingMode channel-wise groups (default) or independent per-feature masking
 * @param maskRatioMin lower end (inclusive) of the per-batch mask ratio
 * @param maskRatioMax upper end (exclusive) of the per-batch mask ratio
 * @param temperature SupCon temperature (also its base temperature, so the loss is not rescaled)
 * @param supConWeight weight of SupCon in the stage-2/3 total loss (masked MSE + weight × SupCon)
 * @param spareIdentityRows unused rows appended to the feature-identity table; the authors' vocabulary file ends
 *     with an empty line that gives them one (set 1 to reproduce their exact parameter count)
 * @param sourcePlacement where the [SRC] source vector enters the sequence ({@link SourcePlacement}); the authors'
 *     code puts it at the end, which only the 2024 filter lets [CLS] see
 * @param mlpActivation the MLPs' activation ({@link MlpActivation}): exact GELU by default, the authors' tanh form
 *     in {@link #compat2024()}
 * @param projectionWidth output width of the SupCon projection head (Linear(D → D) → GELU → Linear(D → width) on
 *     [CLS], used only by SupCon, as in SimCLR and Khosla et al. 2020, so that stages 2-3 need not reshape the
 *     [CLS] embedding the model writes out); 0: none, SupCon on [CLS] itself (the authors')
 */
public record CellPainTRConfig(
        int dModel,
        int layers,
        int order,
        int filterWidth,
        int posEmbDim,
        double sineFreq,
        int mlpWidth,
        double embedDropout,
        double residDropout,
        double layerNormEps,
        FilterMode filterMode,
        MaskingMode maskingMode,
        double maskRatioMin,
        double maskRatioMax,
        double temperature,
        double supConWeight,
        int spareIdentityRows,
        SourcePlacement sourcePlacement,
        MlpActivation mlpActivation,
        int projectionWidth) {

    /** Validates ranges so that a bad setting fails when the configuration is made, not deep inside libtorch. */
    public CellPainTRConfig {
        positive("dModel", dModel);
        positive("layers", layers);
        positive("filterWidth", filterWidth);
        positive("mlpWidth", mlpWidth);
        if (order < 2) {
            throw new IllegalArgumentException("order must be >= 2 (one gate and one long convolution), got " + order);
        }
        if (posEmbDim < 3 || posEmbDim % 2 == 0) {
            throw new IllegalArgumentException("posEmbDim must be odd and >= 3 (time + sine/cosine pairs), got "
                    + posEmbDim);
        }
        if (!(sineFreq > 0) || Double.isInfinite(sineFreq)) {
            throw new IllegalArgumentException("sineFreq must be a positive number, got " + sineFreq);
        }
        probability("embedDropout", embedDropout);
        probability("residDropout", residDropout);
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layerNormEps must be > 0, got " + layerNormEps);
        }
        if (filterMode == null || maskingMode == null || sourcePlacement == null || mlpActivation == null) {
            throw new IllegalArgumentException("filterMode, maskingMode, sourcePlacement and mlpActivation are required");
        }
        if (!(maskRatioMin >= 0 && maskRatioMin < maskRatioMax && maskRatioMax <= 1)) {
            throw new IllegalArgumentException("mask ratio range must satisfy 0 <= min < max <= 1, got ["
                    + maskRatioMin + ", " + maskRatioMax + ")");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (!(supConWeight >= 0) || Double.isInfinite(supConWeight)) {
            throw new IllegalArgumentException("supConWeight must be >= 0, got " + supConWeight);
        }
        if (spareIdentityRows < 0) {
            throw new IllegalArgumentException("spareIdentityRows must be >= 0, got " + spareIdentityRows);
        }
        if (projectionWidth < 0) {
            throw new IllegalArgumentException("projectionWidth must be >= 0 (0: no projection head), got "
                    + projectionWidth);
        }
    }

    /** The configuration without the SupCon projection head (the settings before the head existed). */
    public CellPainTRConfig(int dModel, int layers, int order, int filterWidth, int posEmbDim, double sineFreq,
            int mlpWidth, double embedDropout, double residDropout, double layerNormEps, FilterMode filterMode,
            MaskingMode maskingMode, double maskRatioMin, double maskRatioMax, double temperature,
            double supConWeight, int spareIdentityRows, SourcePlacement sourcePlacement,
            MlpActivation mlpActivation) {
        this(dModel, layers, order, filterWidth, posEmbDim, sineFreq, mlpWidth, embedDropout, residDropout,
                layerNormEps, filterMode, maskingMode, maskRatioMin, maskRatioMax, temperature, supConWeight,
                spareIdentityRows, sourcePlacement, mlpActivation, 0);
    }

    /**
     * Source placement of {@link #authors()}: chosen by measurement (docs/evaluation.md): with the evident-intent
     * filter the authors' end position leaves the [CLS] embedding almost blind to the source.
     */
    public static final SourcePlacement DEFAULT_SOURCE_PLACEMENT = SourcePlacement.AFTER_CLS;

    /**
     * The authors' 2024 code exactly where the paper and code disagree: compat-2024 filter, per-feature masking,
     * [SRC] at the end, tanh-approximate GELU; otherwise as {@link #authors()}.
     */
    public static CellPainTRConfig compat2024() {
        return authors().toBuilder().filterMode(FilterMode.COMPAT_2024).maskingMode(MaskingMode.PER_FEATURE)
                .sourcePlacement(SourcePlacement.END).mlpActivation(MlpActivation.GELU_TANH).build();
    }

    /** The authors' 2024 architecture and objective settings, with this port's defaults for filter and masking. */
    public static CellPainTRConfig authors() {
        return new CellPainTRConfig(256, 4, 2, 64, 5, 10.0, 1024, 0.1, 0.0, 1e-5,
                FilterMode.EVIDENT_INTENT, MaskingMode.CHANNEL_WISE, 0.05, 0.40, 0.07, 1.0, 0, DEFAULT_SOURCE_PLACEMENT,
                MlpActivation.GELU);
    }

    /** A builder starting from {@link #authors()}. */
    public static Builder builder() {
        return new Builder(authors());
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Number of gating/value projections made by the input projection: (order + 1) × dModel channels. */
    public int innerWidth() {
        return (order + 1) * dModel;
    }

    /** Number of positional sine/cosine bands of the implicit filter. */
    public int bands() {
        return (posEmbDim - 1) / 2;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + p);
        }
    }

    /** Mutable builder; every setter returns the builder. */
    public static final class Builder {
        private int dModel;
        private int layers;
        private int order;
        private int filterWidth;
        private int posEmbDim;
        private double sineFreq;
        private int mlpWidth;
        private double embedDropout;
        private double residDropout;
        private double layerNormEps;
        private FilterMode filterMode;
        private MaskingMode maskingMode;
        private double maskRatioMin;
        private double maskRatioMax;
        private double temperature;
        private double supConWeight;
        private int spareIdentityRows;
        private SourcePlacement sourcePlacement;
        private MlpActivation mlpActivation;
        private int projectionWidth;

        private Builder(CellPainTRConfig c) {
            dModel = c.dModel;
            layers = c.layers;
            order = c.order;
            filterWidth = c.filterWidth;
            posEmbDim = c.posEmbDim;
            sineFreq = c.sineFreq;
            mlpWidth = c.mlpWidth;
            embedDropout = c.embedDropout;
            residDropout = c.residDropout;
            layerNormEps = c.layerNormEps;
            filterMode = c.filterMode;
            maskingMode = c.maskingMode;
            maskRatioMin = c.maskRatioMin;
            maskRatioMax = c.maskRatioMax;
            temperature = c.temperature;
            supConWeight = c.supConWeight;
            spareIdentityRows = c.spareIdentityRows;
            sourcePlacement = c.sourcePlacement;
            mlpActivation = c.mlpActivation;
            projectionWidth = c.projectionWidth;
        }

        public Builder mlpActivation(MlpActivation v) {
            mlpActivation = v;
            return this;
        }

        public Builder dModel(int v) {
            dModel = v;
            return this;
        }

        public Builder layers(int v) {
            layers = v;
            return this;
        }

        public Builder order(int v) {
            order = v;
            return this;
        }

        public Builder filterWidth(int v) {
            filterWidth = v;
            return this;
        }

        public Builder posEmbDim(int v) {
            posEmbDim = v;
            return this;
        }

        public Builder sineFreq(double v) {
            sineFreq = v;
            return this;
        }

        public Builder mlpWidth(int v) {
            mlpWidth = v;
            return this;
        }

        public Builder embedDropout(double v) {
            embedDropout = v;
            return this;
        }

        public Builder residDropout(double v) {
            residDropout = v;
            return this;
        }

        public Builder layerNormEps(double v) {
            layerNormEps = v;
            return this;
        }

        public Builder filterMode(FilterMode v) {
            filterMode = v;
            return this;
        }

        public Builder maskingMode(MaskingMode v) {
            maskingMode = v;
            return this;
        }

        public Builder maskRatio(double min, double max) {
            maskRatioMin = min;
            maskRatioMax = max;
            return this;
        }

        public Builder temperature(double v) {
            temperature = v;
            return this;
        }

        public Builder supConWeight(double v) {
            supConWeight = v;
            return this;
        }

        public Builder spareIdentityRows(int v) {
            spareIdentityRows = v;
            return this;
        }

        public Builder sourcePlacement(SourcePlacement v) {
            sourcePlacement = v;
            return this;
        }

        /** Output width of the SupCon projection head; 0: none. */
        public Builder projectionWidth(int v) {
            projectionWidth = v;
            return this;
        }

        public CellPainTRConfig build() {
            return new CellPainTRConfig(dModel, layers, order, filterWidth, posEmbDim, sineFreq, mlpWidth,
                    embedDropout, residDropout, layerNormEps, filterMode, maskingMode, maskRatioMin, maskRatioMax,
                    temperature, supConWeight, spareIdentityRows, sourcePlacement, mlpActivation,
                    projectionWidth);
        }
    }
}

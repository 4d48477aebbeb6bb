package org.cellpaintr.model.nn;

import org.cellpaintr.model.config.CellPainTRConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * The bidirectional Hyena operator of order N (docs/method.md §1.3):
 * <pre>
 * z = in_proj(u)                       (B, L, (N+1)·D) → (B, (N+1)·D, L)
 * z = causal short conv(z)
 * x_0 .. x_{N-1}, v = split(z)         each (B, D, L)
 * for o = 0 .. N-2:  v = LongConv_o(v ⊙ x_{N-1-o})    centred FFT convolution with skip term
 * y = out_proj((v ⊙ x_0)ᵀ)             (B, L, D)
 * </pre>
 * The output projection starts at N(0, 0.02/sqrt(2·layers)) like the authors' rescaled residual projections.
 */
public final class HyenaOperator extends NetBlock {

    private final int dModel;
    private final int order;
    private final int fftLength;
    private final Dense inProj;
    private final ShortConv shortConv;
    private final HyenaFilter filter;
    private final Dense outProj;

    public HyenaOperator(CellPainTRConfig c, int seqLen) {
        this.dModel = c.dModel();
        this.order = c.order();
        this.fftLength = LongConvolution.fftLength(seqLen);
        this.inProj = child("in_proj", new Dense(dModel, c.innerWidth(), true, InitRule.NORMAL_002));
        this.shortConv = child("short_filter", new ShortConv(c.innerWidth()));
        this.filter = child("filter", new HyenaFilter(seqLen, c.posEmbDim(), c.filterWidth(),
                dModel * (order - 1), c.sineFreq(), c.filterMode()));
        this.outProj = child("out_proj", new Dense(dModel, dModel, true, rescaled(c)));
    }

    /** N(0, 0.02/sqrt(2·layers)): the initialiser of the projections that end a residual branch. */
    static InitRule rescaled(CellPainTRConfig c) {
        return InitRule.normal(0.02 / Math.sqrt(2.0 * c.layers()));
    }

    /** {@code u}: (B, L, D) → (B, L, D). */
    public NDArray forward(NDArray u) {
        // Intermediate handles are closed as soon as they are consumed: unlike Python, a DJL handle keeps its
        // tensor alive until closed, and autograd keeps its own reference to whatever the backward pass needs.
        NDArray z = inProj.forward(u);
        z = Tensors.consume(z, z.transpose(0, 2, 1));
        z = Tensors.consume(z, shortConv.forward(z));
        NDList parts = z.split(order + 1, 1);
        z.close();
        NDArray k = filter.filters();
        NDArray spectra = Tensors.consume(k, LongConvolution.filterSpectrum(k, fftLength));
        spectra = Tensors.consume(spectra, spectra.reshape(order - 1, dModel, spectra.getShape().get(1)));
        NDArray v = parts.get(order);
        try (NDArray skips = filter.skip().reshape(order - 1, dModel)) {
            for (int o = 0; o < order - 1; o++) {
                NDArray gated = v.mul(parts.get(order - 1 - o));
                if (o > 0) {
                    v.close();
                }
                try (NDArray spectrum = spectra.get(o); NDArray skip = skips.get(o)) {
                    v = Tensors.consume(gated, LongConvolution.apply(gated, spectrum, skip, fftLength));
                }
            }
        }
        spectra.close();
        NDArray y = Tensors.consume(v, v.mul(parts.get(0)));
        parts.close();
        y = Tensors.consume(y, y.transpose(0, 2, 1));
        return Tensors.consume(y, outProj.forward(y));
    }

    public HyenaFilter filter() {
        return filter;
    }

    public ShortConv shortConv() {
        return shortConv;
    }

    public int fftLength() {
        return fftLength;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}

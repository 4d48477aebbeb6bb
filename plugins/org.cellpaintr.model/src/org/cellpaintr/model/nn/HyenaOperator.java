package org.cellpaintr.model.nn;

import org.cellpaintr.model.config.CellPainTRConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * The bidirectional Hyena operator of order N (method.md §D):
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
        NDArray z = inProj.forward(u).transpose(0, 2, 1);
        z = shortConv.forward(z);
        NDList parts = z.split(order + 1, 1);
        NDArray spectra = LongConvolution.filterSpectrum(filter.filters(), fftLength);
        NDArray skips = filter.skip().reshape(order - 1, dModel);
        spectra = spectra.reshape(order - 1, dModel, spectra.getShape().get(1));
        NDArray v = parts.get(order);
        for (int o = 0; o < order - 1; o++) {
            v = v.mul(parts.get(order - 1 - o));
            v = LongConvolution.apply(v, spectra.get(o), skips.get(o), fftLength);
        }
        NDArray y = v.mul(parts.get(0)).transpose(0, 2, 1);
        return outProj.forward(y);
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

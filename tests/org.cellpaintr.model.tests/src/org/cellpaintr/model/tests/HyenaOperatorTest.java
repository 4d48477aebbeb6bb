package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.FilterMode;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.nn.HyenaOperator;
import org.cellpaintr.model.nn.ShortConv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Dependency structure of the operator's two convolutions: the short one is causal, the long one two-sided. */
class HyenaOperatorTest {

    @Test
    void shortConvolutionIsCausal() {
        FeatureVocabulary vocab = Fixtures.vocabulary(10);
        try (CellPainTRModel model = CellPainTRModel.create(Fixtures.tiny(), vocab, List.of("s"), 1,
                DeviceChoice.cpu()); NDManager m = model.manager().newSubManager()) {
            ShortConv conv = model.network().encoder().layers().get(0).mixer().shortConv();
            int channels = 3 * 8;
            int len = 12;
            float[] x = Fixtures.gaussian(channels * len, 5);
            float[] base = conv.forward(m.create(x, new Shape(1, channels, len))).toFloatArray();
            int j = 6;
            for (int c = 0; c < channels; c++) {
                x[c * len + j] += 1f;
            }
            float[] after = conv.forward(m.create(x, new Shape(1, channels, len))).toFloatArray();
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < len; i++) {
                    float diff = Math.abs(after[c * len + i] - base[c * len + i]);
                    if (i < j || i > j + ShortConv.KERNEL - 1) {
                        assertEquals(0f, diff, "channel " + c + ": output " + i + " must not see input " + j);
                    }
                }
                assertTrue(Math.abs(after[c * len + j] - base[c * len + j]) > 0, "output j must see input j");
            }
        }
    }

    @Test
    void shortConvolutionIsTheDirectSumOfPyTorchsConv1d() {
        // y[b,i,c] = bias[c] + sum_k w[c,0,k] x[b,i-2+k,c], zeros before the start: PyTorch's Conv1d(groups=C,
        // padding=2) with its first L outputs kept, written out by hand in double
        FeatureVocabulary vocab = Fixtures.vocabulary(10);
        try (CellPainTRModel model = CellPainTRModel.create(Fixtures.tiny(), vocab, List.of("s"), 3,
                DeviceChoice.cpu()); NDManager m = model.manager().newSubManager()) {
            ShortConv conv = model.network().encoder().layers().get(0).mixer().shortConv();
            float[] w = model.namedParameters().get("encoder.layers.0.mixer.short_filter.weight").getArray()
                    .toFloatArray();
            float[] bias = model.namedParameters().get("encoder.layers.0.mixer.short_filter.bias").getArray()
                    .toFloatArray();
            int channels = bias.length;
            int len = 7;
            int batch = 2;
            float[] x = Fixtures.gaussian(batch * len * channels, 8);
            // x and y in the (B, C, L) layout the operator hands to the convolution
            float[] y = conv.forward(m.create(x, new Shape(batch, channels, len))).toFloatArray();
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < len; i++) {
                    for (int c = 0; c < channels; c++) {
                        double want = bias[c];
                        for (int k = 0; k < ShortConv.KERNEL; k++) {
                            int at = i - (ShortConv.KERNEL - 1) + k;
                            if (at >= 0) {
                                want += (double) w[c * ShortConv.KERNEL + k] * x[(b * channels + c) * len + at];
                            }
                        }
                        assertEquals(want, y[(b * channels + c) * len + i], 1e-5, "b " + b + " i " + i + " c " + c);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FilterMode.class)
    void operatorOutputDependsOnEarlierAndLaterPositions(FilterMode mode) {
        CellPainTRConfig c = Fixtures.tiny().toBuilder().filterMode(mode).build();
        FeatureVocabulary vocab = Fixtures.vocabulary(30);
        try (CellPainTRModel model = CellPainTRModel.create(c, vocab, List.of("s"), 2, DeviceChoice.cpu());
                NDManager m = model.manager().newSubManager()) {
            HyenaOperator op = model.network().encoder().layers().get(0).mixer();
            int len = vocab.sequenceLength();
            int d = c.dModel();
            float[] u = Fixtures.gaussian(len * d, 9);
            float[] base = op.forward(m.create(u, new Shape(1, len, d))).toFloatArray();
            int j = len / 2;
            for (int k = 0; k < d; k++) {
                u[j * d + k] += 1f;
            }
            float[] after = op.forward(m.create(u, new Shape(1, len, d))).toFloatArray();
            double before = 0;
            double later = 0;
            for (int i = 0; i < len; i++) {
                double change = 0;
                for (int k = 0; k < d; k++) {
                    change += Math.abs(after[i * d + k] - base[i * d + k]);
                }
                if (i < j - 2) {
                    before += change; // outputs before j can only see j through the long convolution
                } else if (i > j + 2) {
                    later += change;
                }
            }
            assertTrue(before > 1e-6, "earlier outputs must depend on a later input (" + before + ")");
            assertTrue(later > 1e-6, "later outputs must depend on an earlier input (" + later + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(FilterMode.class)
    void clsEmbeddingSeesTheSourceTokenAtTheOtherEnd(FilterMode mode) {
        FeatureVocabulary vocab = Fixtures.vocabulary(12);
        // at initialisation the far taps are weak in the evident-intent mode (window ≈ 0.05-0.1), hence d = 64
        CellPainTRConfig c = Fixtures.tiny().toBuilder().dModel(64).filterMode(mode).build();
        try (CellPainTRModel model = CellPainTRModel.create(c, vocab, List.of("a", "b"), 3, DeviceChoice.cpu())) {
            float[] x = Fixtures.gaussian(12, 4);
            float[][] e = model.embed(new float[][] {x, x}, new String[] {"a", "b"});
            double diff = 0;
            for (int k = 0; k < e[0].length; k++) {
                diff += Math.abs(e[0][k] - e[1][k]);
            }
            assertTrue(diff > 1e-5, "the [CLS] output must depend on the [SRC] token (" + diff + ")");
        }
    }
}

package org.cellpaintr.model.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.config.CellPainTRConfig;

/** Small shared inputs for the model tests. */
final class Fixtures {

    private static final String[] CHANNELS = {"DNA", "ER", "Mito", "RNA", "AGP"};
    private static final String[] COMPARTMENTS = {"Cells", "Cytoplasm", "Nuclei"};

    private Fixtures() {
    }

    /** {@code n} CellProfiler-style names cycling over compartments and channels (every 7th has no channel). */
    static FeatureVocabulary vocabulary(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String comp = COMPARTMENTS[i % 3];
            names.add(i % 7 == 6 ? comp + "_AreaShape_Zernike_" + i
                    : comp + "_Intensity_MeanIntensity_" + CHANNELS[(i / 3) % 5] + "_" + i);
        }
        return new FeatureVocabulary(names);
    }

    /** A tiny configuration that runs in milliseconds. */
    static CellPainTRConfig tiny() {
        return CellPainTRConfig.builder().dModel(8).layers(1).filterWidth(8).mlpWidth(16).build();
    }

    /** Row-major standard-normal values. */
    static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) gaussian(r);
        }
        return v;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static float[][] rows(float[] flat, int n) {
        int f = flat.length / n;
        float[][] out = new float[n][f];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * f, out[i], 0, f);
        }
        return out;
    }
}

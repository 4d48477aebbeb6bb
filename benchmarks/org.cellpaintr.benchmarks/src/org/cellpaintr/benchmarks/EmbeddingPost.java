package org.cellpaintr.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.correct.CorrectBatchEffects;
import org.cellpaintr.engine.correct.CorrectionSettings;
import org.cellpaintr.engine.correct.SpheringVariant;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * What the recipe evaluation does to an embedding before scoring it: nothing, or the project's Normalize operation
 * per plate against the table's negative controls (the information the raw profiles' normalisation uses), optionally
 * followed by Sphering on the controls. Every metric is cosine-based and cosine similarity depends on the origin; the
 * raw profiles are centred on each plate's controls, the embedding as it comes out is not.
 */
enum EmbeddingPost {
    /** The embedding as Embed writes it. */
    NONE("none", ""),
    /** Per plate, every dimension minus its median over the control wells ({@link NormalizeSettings#centerOnControls}). */
    CENTER("center", ", centred per plate on DMSO"),
    /** Per plate, (x - control median) / control MAD (no 1.4826, no inverse normal transform, no feature selection). */
    MAD("mad", ", MAD per plate on DMSO"),
    /** {@link #MAD}, then ZCA-cor Sphering on the controls with the epsilon the caller chooses. */
    MAD_SPHERE("mad+sphere", ", MAD per plate on DMSO + Sphering");

    /** Chooses Sphering's epsilon for a table (the evaluation's rule for the Sphering baseline). */
    @FunctionalInterface
    interface EpsilonChooser {
        double choose(ProfileTable t) throws Exception;
    }

    final String key;
    private final String suffix;

    EmbeddingPost(String key, String suffix) {
        this.key = key;
        this.suffix = suffix;
    }

    /** The row-name suffix of this post-step. */
    String suffix() {
        return suffix;
    }

    /** A comma-separated list of keys, e.g. {@code none,center,mad}. */
    static List<EmbeddingPost> parse(String list) {
        List<EmbeddingPost> out = new ArrayList<>();
        for (String k : list.split(",")) {
            EmbeddingPost hit = null;
            for (EmbeddingPost p : values()) {
                if (p.key.equals(k.trim())) {
                    hit = p;
                }
            }
            if (hit == null) {
                throw new IllegalArgumentException("post: unknown step '" + k + "' (none, center, mad, mad+sphere)");
            }
            out.add(hit);
        }
        return out;
    }

    static NormalizeSettings settings(EmbeddingPost p, String plate, String control, String negative) {
        NormalizeSettings center = NormalizeSettings.centerOnControls(List.of(plate), control, List.of(negative));
        return p == CENTER ? center : center.withMethod(NormalizeSettings.Method.ROBUST_MAD, false, 0);
    }

    /** The post-processed copy of {@code emb} (the caller closes it); not for {@link #NONE}. */
    ProfileTable apply(ProfileTable emb, String plate, String control, String negative, EpsilonChooser sphering)
            throws Exception {
        if (this == NONE) {
            throw new IllegalStateException("NONE has no post-processed copy");
        }
        try (NormalizeResult r = new Normalize().execute(settings(this, plate, control, negative), emb,
                Progress.NONE)) {
            if (this != MAD_SPHERE) {
                return r.normalized().selectRows(allRows(emb.rowCount()));
            }
            double eps = sphering.choose(r.normalized());
            return new CorrectBatchEffects().execute(CorrectionSettings.sphering(control, negative,
                    SpheringVariant.ZCA_COR, eps), r.normalized(), Progress.NONE);
        }
    }

    private static int[] allRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}

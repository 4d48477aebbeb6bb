package org.cellpaintr.engine.correct;

import java.util.List;

import org.cellpaintr.engine.settings.JumpDefaults;
import org.cellpaintr.engine.settings.RoleKeys;
import org.cellpaintr.engine.settings.SettingsCodec;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;

/**
 * Saved form of {@link CorrectionSettings}; keys are the options of {@code cellpaintr correct}. Every method's keys
 * are always saved, so switching the method in a dialog keeps the others' values.
 */
public final class CorrectionCodec implements SettingsCodec<CorrectionSettings> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SettingsTree defaults() {
        SettingsTree t = encode(CorrectionSettings.harmony(JumpDefaults.SOURCE, HarmonyOptions.arevalo()));
        RoleKeys.putControls(t, JumpDefaults.controls());
        return t;
    }

    @Override
    public CorrectionSettings decode(SettingsTree saved) throws SettingsException {
        SettingsTree t = complete(saved);
        CorrectionMethod method = t.choice("method", CorrectionMethod.class);
        String batch = t.optionalString(RoleKeys.BATCH_COLUMN);
        switch (method) {
            case COMBAT:
                requireBatch(batch, method);
                return CorrectionSettings.combat(batch, t.strings("covariate"), !t.bool("non-parametric"));
            case HARMONY:
                requireBatch(batch, method);
                int clusters = t.integer("clusters");
                int iterations = t.integer("iterations");
                int pcs = t.integer("pcs");
                double theta = t.number("theta");
                if (clusters < 0) {
                    throw new SettingsException("clusters", "must be >= 0 (0: harmonypy's default), was " + clusters);
                }
                if (iterations < 1) {
                    throw new SettingsException("iterations", "must be >= 1, was " + iterations);
                }
                if (pcs < 0) {
                    throw new SettingsException("pcs", "must be >= 0 (0: correct the features), was " + pcs);
                }
                if (!(theta >= 0) || Double.isInfinite(theta)) {
                    throw new SettingsException("theta", "must be a finite number >= 0, was " + theta);
                }
                HarmonyOptions h = HarmonyOptions.arevalo().withClusters(clusters).withMaxIterations(iterations)
                        .withPrincipalComponents(pcs).withSeed(t.longValue("seed"));
                h = new HarmonyOptions(h.clusters(), theta, h.lambda(), h.sigma(), h.maxIterations(),
                        h.maxKmeansIterations(), h.epsilonCluster(), h.epsilonHarmony(), h.blockSize(), h.kmeansInits(),
                        h.kmeansMaxIterations(), h.principalComponents(), h.seed(), h.sharedRandomStream(),
                        h.legacyFirstCentre());
                // the command line's --fast and --float32; fast wins, as there
                if (t.bool("fast")) {
                    h = h.fast();
                } else if (t.bool("float32")) {
                    h = h.withFloat32(true);
                }
                return CorrectionSettings.harmony(batch, h);
            default:
                RoleKeys.Controls c = RoleKeys.controls(t);
                if (c.column() == null) {
                    throw new SettingsException(RoleKeys.CONTROL_COLUMN, "Sphering is fitted on negative controls: "
                            + "choose the column that marks them");
                }
                double eps = t.number("epsilon");
                if (!(eps >= 0) || Double.isInfinite(eps)) {
                    throw new SettingsException("epsilon", "must be a finite number >= 0, was " + eps);
                }
                return CorrectionSettings.sphering(c.column(), c.single(), t.choice("variant", SpheringVariant.class),
                        eps);
        }
    }

    private static void requireBatch(String batch, CorrectionMethod m) throws SettingsException {
        if (batch == null) {
            throw new SettingsException(RoleKeys.BATCH_COLUMN, SettingsTree.spell(m) + " needs the batch column");
        }
    }

    @Override
    public SettingsTree encode(CorrectionSettings s) {
        SettingsTree t = versioned();
        t.put("method", SettingsTree.spell(s.method()));
        RoleKeys.putColumn(t, RoleKeys.BATCH_COLUMN, s.batchColumn());
        t.put("covariate", s.covariateColumns());
        t.put("non-parametric", !s.parametric());
        HarmonyOptions h = s.harmony();
        t.put("clusters", h.clusters());
        t.put("iterations", h.maxIterations());
        t.put("theta", h.theta());
        t.put("pcs", h.principalComponents());
        t.put("seed", h.seed());
        t.put("float32", h.float32());
        t.put("fast", h.float32() && h.kmeansInits() == 1);
        RoleKeys.putControls(t, new RoleKeys.Controls(s.controlColumn(),
                s.controlValue() == null ? List.of() : List.of(s.controlValue())));
        t.put("variant", SettingsTree.spell(s.spheringVariant()));
        t.put("epsilon", s.epsilon());
        return t;
    }
}

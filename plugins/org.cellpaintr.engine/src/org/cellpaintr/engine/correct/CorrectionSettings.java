package org.cellpaintr.engine.correct;

import java.util.List;

/**
 * Settings of {@link CorrectBatchEffects}.
 *
 * @param method ComBat, Harmony or Sphering
 * @param batchColumn batch of each well (ComBat, Harmony)
 * @param covariateColumns ComBat: biological covariates to protect (text: one indicator per level but the
 *        first; numbers as they are); may be empty
 * @param parametric ComBat: parametric empirical Bayes (true, scanpy's only mode) or sva's non-parametric prior
 * @param harmony Harmony's parameters
 * @param spheringVariant Sphering: ZCA or ZCA-cor
 * @param controlColumn Sphering: column marking the negative controls it is fitted on
 * @param controlValue Sphering: value of {@code controlColumn} for negative controls
 * @param epsilon Sphering: regulariser added to the singular values (pycytominer default 1e-6)
 */
public record CorrectionSettings(CorrectionMethod method, String batchColumn, List<String> covariateColumns,
        boolean parametric, HarmonyOptions harmony, SpheringVariant spheringVariant, String controlColumn,
        String controlValue, double epsilon) {

    public CorrectionSettings {
        covariateColumns = covariateColumns == null ? List.of() : List.copyOf(covariateColumns);
        harmony = harmony == null ? HarmonyOptions.arevalo() : harmony;
        spheringVariant = spheringVariant == null ? SpheringVariant.ZCA_COR : spheringVariant;
    }

    public static CorrectionSettings combat(String batchColumn, List<String> covariates, boolean parametric) {
        return new CorrectionSettings(CorrectionMethod.COMBAT, batchColumn, covariates, parametric, null, null, null,
                null, 1e-6);
    }

    public static CorrectionSettings harmony(String batchColumn, HarmonyOptions options) {
        return new CorrectionSettings(CorrectionMethod.HARMONY, batchColumn, List.of(), true, options, null, null,
                null, 1e-6);
    }

    public static CorrectionSettings sphering(String controlColumn, String controlValue, SpheringVariant variant,
            double epsilon) {
        return new CorrectionSettings(CorrectionMethod.SPHERING, null, List.of(), true, null, variant, controlColumn,
                controlValue, epsilon);
    }
}

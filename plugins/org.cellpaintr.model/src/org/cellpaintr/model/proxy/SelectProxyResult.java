package org.cellpaintr.model.proxy;

import java.util.List;

import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;

/**
 * What Select Proxy Token produced.
 *
 * @param model          the input model, now with a codebook row named {@code newSource} (changed in place)
 * @param ranking        the ranking table ({@link SelectProxyToken#rankingSchema()})
 * @param strategy       the strategy that decided
 * @param newSource      the codebook entry made for the new dataset
 * @param chosen         the winning candidate; for the learned strategy the candidate it started from, or
 *                       {@code "codebook mean"}
 * @param explanation    one line saying what was chosen and why
 * @param scores         every candidate's scores, in codebook order (the learned token last)
 * @param heldOutBefore  learned strategy: held-out loss of the starting token (NaN otherwise)
 * @param heldOutAfter   learned strategy: held-out loss of the final token (NaN otherwise)
 * @param sampledWells   wells in the scoring sample
 * @param sharedFeatures features with a non-zero value in the new data
 * @param warnings       things the user should know (few shared features, ignored metadata rows ...)
 */
public record SelectProxyResult(CellPainTRModel model, ProfileTable ranking, ProxyStrategy strategy, String newSource,
        String chosen, String explanation, List<CandidateScore> scores, double heldOutBefore, double heldOutAfter,
        int sampledWells, int sharedFeatures, List<String> warnings) {
}

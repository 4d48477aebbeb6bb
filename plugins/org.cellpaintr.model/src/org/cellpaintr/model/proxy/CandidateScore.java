package org.cellpaintr.model.proxy;

/**
 * One row of the ranking: a candidate token and its score under each strategy that was run.
 *
 * @param candidate       the source name (for the learned token: the new source's name)
 * @param codebookRow     its row in the codebook
 * @param learned         true for the token the learned strategy made
 * @param metadataMatches attributes equal to the new dataset's (-1: no metadata table given)
 * @param metadataCompared attributes where both have a value (-1: no metadata table given)
 * @param maskedMse       masked-modelling loss of the whole sample under this token (the automatic score)
 */
public record CandidateScore(String candidate, int codebookRow, boolean learned, int metadataMatches,
        int metadataCompared, double maskedMse) {
}

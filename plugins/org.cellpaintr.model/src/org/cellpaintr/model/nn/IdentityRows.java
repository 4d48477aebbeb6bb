package org.cellpaintr.model.nn;

/**
 * Row layout of the feature-identity table, which belongs to the network: rows 0-4 are the special tokens [PAD],
 * [UNK], [CLS], [SEP], [MASK] (the CellPainTR authors' vocabulary order; only [CLS] is used), feature {@code i} is
 * row {@code RESERVED + i}. The vocabulary ({@code FeatureVocabulary}) refers to these constants, not the reverse,
 * so the network package does not depend on the model package above it.
 */
public final class IdentityRows {

    /** Number of special-token rows in front of the feature rows. */
    public static final int RESERVED = 5;
    /** Row of the [CLS] token. */
    public static final int CLS = 2;

    private IdentityRows() {
    }
}

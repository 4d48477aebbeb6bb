package org.cellpaintr.engine.correct;

/** pycytominer's Spherize methods offered here. */
public enum SpheringVariant {
    /** ZCA on mean-centred data. */
    ZCA,
    /** ZCA on standardised data (correlation); Arevalo et al.'s choice. */
    ZCA_COR
}

package org.cellpaintr.model.trainer;

/** How an epoch's rows are cut into batches. */
public enum Batching {
    /**
     * Groups (plates, or the caller's chunks) in random order; each group's rows shuffled and cut into batches, so a
     * batch never mixes groups. The authors' steps 1-2 (and step 3 when the groups are their mixed chunks).
     */
    WITHIN_GROUP,
    /** All rows shuffled together and cut into batches, so batches mix plates and sources (step 3). */
    GLOBAL_SHUFFLE
}

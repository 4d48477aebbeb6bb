package org.cellpaintr.engine.table;

/**
 * One metadata column of a profile table: text (plate, well, compound) or numbers (concentration, a score).
 * Metadata is small next to the feature matrix, so it lives on the heap.
 */
public sealed interface MetadataColumn permits TextColumn, NumberColumn {

    String name();

    int size();

    boolean isMissing(int row);

    /** The value as text ("" when missing), as a user would see it in a table. */
    String text(int row);

    /** A copy holding the given rows in that order. */
    MetadataColumn select(int[] rows);

    /** The same values under another name. */
    MetadataColumn renamed(String newName);
}

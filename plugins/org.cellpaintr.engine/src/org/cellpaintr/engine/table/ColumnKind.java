package org.cellpaintr.engine.table;

/** What a column of a profile table holds. */
public enum ColumnKind {
    TEXT, NUMBER, FEATURE
}

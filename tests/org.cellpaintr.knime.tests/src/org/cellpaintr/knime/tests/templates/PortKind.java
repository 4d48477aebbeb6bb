package org.cellpaintr.knime.tests.templates;

/** What a node port carries; a connection joins two ports of the same kind. */
public enum PortKind {
    /** KNIME's implicit port 0 of every native node (flow variables). */
    FLOW_VARIABLES,
    /** A KNIME data table. */
    TABLE,
    /** The CellPainTR model port object. */
    MODEL
}

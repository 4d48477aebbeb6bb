package org.cellpaintr.knime.tests.templates;

/** One data or model port of a node: its kind and whether the node runs without it. */
public record Port(PortKind kind, boolean optional) {

    public static Port table() {
        return new Port(PortKind.TABLE, false);
    }
}

package org.cellpaintr.knime.settings;

import java.util.List;

/** Keys only nodes save: how tables are compared with each other or written, which the command line has no use for. */
public final class NodeOnlyKeys {

    /** Score Batch Correction: the name of each input table's representation, in port order. */
    public static final String REPRESENTATIONS = "representations";

    public static final List<String> DEFAULT_REPRESENTATIONS = List.of("input 1", "input 2", "input 3", "input 4");

    private NodeOnlyKeys() {
    }
}

package org.cellpaintr.engine.settings;

import java.util.List;
import java.util.Set;

/**
 * Keys only KNIME nodes save: how a KNIME table's missing cells become values, how inputs compared by one node are
 * named, whether a written file may be replaced. The command line skips them when it reads a node's settings file.
 */
public final class NodeOnlyKeys {

    /** What a missing cell in a feature column becomes (nan, zero, fail). */
    public static final String MISSING_FEATURES = "missing-features";
    /** Score Batch Correction: the name of each input table's representation, in port order. */
    public static final String REPRESENTATIONS = "representations";
    /** Model Writer: replace an existing file. */
    public static final String OVERWRITE = "overwrite";

    public static final Set<String> ALL = Set.of(MISSING_FEATURES, REPRESENTATIONS, OVERWRITE);

    public static final List<String> DEFAULT_REPRESENTATIONS = List.of("input 1", "input 2", "input 3", "input 4");

    private NodeOnlyKeys() {
    }
}

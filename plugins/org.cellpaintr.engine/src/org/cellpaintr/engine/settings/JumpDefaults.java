package org.cellpaintr.engine.settings;

import java.util.List;

/**
 * Default column roles of new nodes and settings files: the JUMP Cell Painting Consortium's column names
 * (cpg0016 profiles: {@code Metadata_Source}, {@code Metadata_Plate}, {@code Metadata_Well},
 * {@code Metadata_JCP2022}, with DMSO as {@code JCP2022_033924}). Other files name them differently (the Dahlin et
 * al. file: {@code Plate}, {@code Control Type}); the user sets them, and configure names the missing column.
 */
public final class JumpDefaults {

    public static final String PLATE = "Metadata_Plate";
    public static final String WELL = "Metadata_Well";
    public static final String SOURCE = "Metadata_Source";
    public static final String COMPOUND = "Metadata_JCP2022";
    public static final String DMSO = "JCP2022_033924";

    private JumpDefaults() {
    }

    public static RoleKeys.Controls controls() {
        return new RoleKeys.Controls(COMPOUND, List.of(DMSO));
    }
}

package org.cellpaintr.engine.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/** The bundled example data and small hand-made tables. */
public final class TestData {

    public static final String DAHLIN = "dahlin_cell_injury/aligned_plate_holdout.csv.gz";
    public static final String CPJUMP1 = "cpjump1_jump_pilot/overlapping_jump_data.csv.gz";
    public static final String JUMP_FEATURE_SPACE = "cpjump1_jump_pilot/jump_feature_space.json";
    public static final String RECIPE_PARQUET = "jump_recipe_fixtures/pipeline_1_trimmed_profiles_var_mad_int_featselect.parquet";
    public static final String RECIPE_CSV = "jump_recipe_fixtures/pipeline_1_trimmed_profiles_var_mad_int_featselect.csv.gz";

    private TestData() {
    }

    /** A file of the bundled example data (workflows/data), located through the surefire system property. */
    public static Path example(String relative) {
        String dir = System.getProperty("cellpaintr.example.dir");
        Path base = dir != null ? Path.of(dir) : Path.of("../../workflows/data");
        Path p = base.resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("example data missing: " + p.toAbsolutePath());
        }
        return p;
    }

    /**
     * A table from columns given as arrays: {@code plates[i]} and {@code controls[i]} as text metadata, and
     * {@code features[j][i]} the value of feature j in row i.
     */
    public static ProfileTable table(String[] plates, String[] controls, String[] featureNames, float[][] features) {
        List<MetadataColumn> meta = new ArrayList<>();
        meta.add(TextColumn.of("Metadata_Plate", plates));
        if (controls != null) {
            meta.add(TextColumn.of("Metadata_Control", controls));
        }
        FeatureMatrix.Builder b = FeatureMatrix.builder(featureNames.length);
        float[] row = new float[featureNames.length];
        for (int i = 0; i < plates.length; i++) {
            for (int j = 0; j < featureNames.length; j++) {
                row[j] = features[j][i];
            }
            b.appendRow(row);
        }
        return new ProfileTable(meta, List.of(featureNames), b.build());
    }

    /** Writes text to a file in dir and returns it. */
    public static Path write(Path dir, String name, String content) throws java.io.IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }
}

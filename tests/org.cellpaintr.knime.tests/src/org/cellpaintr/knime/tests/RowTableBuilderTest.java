package org.cellpaintr.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.cellpaintr.engine.io.FeatureColumnRule;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.rows.MissingPolicy;
import org.cellpaintr.engine.rows.RowColumn;
import org.cellpaintr.engine.rows.RowPlan;
import org.cellpaintr.engine.rows.RowTableBuilder;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The KNIME-free half of the table adapter on the bundled example plates: a table fed row by row, as a KNIME table
 * is, in small chunks, equals what the file reader makes of the same file; roles, types and missing cells follow
 * the settings.
 */
class RowTableBuilderTest {

    private static Path jumpPlates() {
        return Repo.exampleData().resolve("jump_recipe_fixtures/pipeline_1_trimmed_profiles_var_mad_int_featselect.parquet");
    }

    /** The row-table columns of a profile table: metadata, then features, typed as a KNIME table would be. */
    private static List<RowColumn> columnsOf(ProfileTable t) {
        List<RowColumn> cols = new ArrayList<>();
        for (MetadataColumn m : t.metadata()) {
            cols.add(new RowColumn(m.name(), m instanceof NumberColumn ? RowColumn.Type.NUMBER : RowColumn.Type.TEXT));
        }
        t.features().forEach(f -> cols.add(new RowColumn(f, RowColumn.Type.NUMBER)));
        return cols;
    }

    /** Feeds every row of {@code t} through a builder; {@code missingAt} (row, feature) is left missing. */
    private static ProfileTable feed(ProfileTable t, RowPlan plan, long chunkBytes, int missingRow, int missingFeature)
            throws SettingsException {
        try (RowTableBuilder b = new RowTableBuilder(plan, chunkBytes)) {
            int nm = t.metadata().size();
            float[] row = new float[t.features().size()];
            for (int r = 0; r < t.rowCount(); r++) {
                for (int c = 0; c < nm; c++) {
                    MetadataColumn m = t.metadata().get(c);
                    if (m instanceof NumberColumn n) {
                        b.number(c, n.get(r));
                    } else {
                        b.text(c, m.isMissing(r) ? null : m.text(r));
                    }
                }
                t.matrix().readRow(r, row, 0);
                for (int f = 0; f < row.length; f++) {
                    if (r == missingRow && f == missingFeature) {
                        b.missing(nm + f, "Row" + r);
                    } else {
                        b.number(nm + f, row[f]);
                    }
                }
                b.endRow("Row" + r);
            }
            return b.build();
        }
    }

    /** The JUMP recipe plates (Parquet, 3 features) and the Dahlin et al. plates (CSV, spaces in names, numeric metadata). */
    static Stream<Path> examplePlates() {
        return Stream.of(jumpPlates(), Repo.exampleData().resolve("dahlin_cell_injury/aligned_plate_holdout.csv.gz"));
    }

    @ParameterizedTest
    @MethodSource("examplePlates")
    void rowByRowInSmallChunksEqualsTheFileReader(Path plates) throws Exception {
        try (ProfileTable file = ProfileFiles.read(plates)) {
            RowPlan plan = RowPlan.of(columnsOf(file), FeatureColumnRule.CELLPROFILER, MissingPolicy.FAIL);
            assertEquals(file.schema(), plan.schema(), "roles and types from the column list alone");
            try (ProfileTable built = feed(file, plan, 4096, -1, -1)) {
                assertEquals(file.rowCount(), built.rowCount());
                assertTrue(file.rowCount() * (long) file.features().size() * 4 > 4096 * 5,
                        "the example spans several chunks");
                for (int r = 0; r < file.rowCount(); r++) {
                    for (int c = 0; c < file.metadata().size(); c++) {
                        assertEquals(file.metadata().get(c).text(r), built.metadata().get(c).text(r));
                    }
                    assertTrue(java.util.Arrays.equals(file.matrix().readRow(r), built.matrix().readRow(r)), "row " + r);
                }
            }
        }
    }

    @Test
    void missingFeatureCellsFollowThePolicy() throws Exception {
        try (ProfileTable file = ProfileFiles.read(jumpPlates())) {
            List<RowColumn> cols = columnsOf(file);
            try (ProfileTable nan = feed(file, RowPlan.of(cols, FeatureColumnRule.CELLPROFILER, MissingPolicy.NAN),
                    1 << 20, 3, 1)) {
                assertTrue(Float.isNaN(nan.matrix().get(3, 1)));
                assertEquals(file.matrix().get(3, 2), nan.matrix().get(3, 2));
            }
            try (ProfileTable zero = feed(file, RowPlan.of(cols, FeatureColumnRule.CELLPROFILER, MissingPolicy.ZERO),
                    1 << 20, 3, 1)) {
                assertEquals(0f, zero.matrix().get(3, 1));
            }
            SettingsException e = assertThrows(SettingsException.class,
                    () -> feed(file, RowPlan.of(cols, FeatureColumnRule.CELLPROFILER, MissingPolicy.FAIL), 1 << 20, 3, 1));
            assertEquals(MissingPolicy.KEY, e.setting());
            assertTrue(e.getMessage().contains("Row3") && e.getMessage().contains(file.features().get(1)), e.getMessage());
        }
    }

    @Test
    void rolesFollowTheRuleAndTypes() throws Exception {
        List<RowColumn> cols = List.of(new RowColumn("Metadata_Plate", RowColumn.Type.TEXT),
                new RowColumn("Compound Concentration (microMolar)", RowColumn.Type.NUMBER),
                new RowColumn("Cells_AreaShape_Area", RowColumn.Type.NUMBER),
                new RowColumn("Cells_Comment", RowColumn.Type.TEXT),
                new RowColumn("Metadata_Cells_Count", RowColumn.Type.NUMBER));
        RowPlan plan = RowPlan.of(cols, FeatureColumnRule.CELLPROFILER, MissingPolicy.NAN);
        assertEquals(List.of("Cells_AreaShape_Area"), plan.schema().features());
        assertEquals(List.of("Metadata_Plate", "Compound Concentration (microMolar)", "Cells_Comment",
                "Metadata_Cells_Count"), List.copyOf(plan.schema().metadata().keySet()));
        SettingsException e = assertThrows(SettingsException.class, () -> RowPlan.of(cols,
                new FeatureColumnRule(List.of("Cells_Comment"), List.of(), null), MissingPolicy.NAN));
        assertEquals("feature-include", e.setting());
        e = assertThrows(SettingsException.class, () -> RowPlan.of(cols,
                new FeatureColumnRule(List.of("Cells_Gone"), List.of(), null), MissingPolicy.NAN));
        assertEquals("feature-include", e.setting());
    }
}

package org.cellpaintr.engine.rows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.table.ColumnKind;
import org.cellpaintr.engine.table.ProfileSchema;

/**
 * A column of a row table as the table adapter sees it: its name and whether its cells are numbers (KNIME double,
 * integer and long columns) or text (everything else, read through its string form).
 */
public record RowColumn(String name, Type type) {

    /** The two kinds of cell the adapter distinguishes. */
    public enum Type {
        NUMBER, TEXT
    }

    /** The row-table columns of a profile schema, in output order: metadata first, then the features as numbers. */
    public static List<RowColumn> of(ProfileSchema schema) {
        List<RowColumn> out = new ArrayList<>();
        for (Map.Entry<String, ColumnKind> e : schema.metadata().entrySet()) {
            out.add(new RowColumn(e.getKey(), e.getValue() == ColumnKind.TEXT ? Type.TEXT : Type.NUMBER));
        }
        for (String f : schema.features()) {
            out.add(new RowColumn(f, Type.NUMBER));
        }
        return out;
    }
}

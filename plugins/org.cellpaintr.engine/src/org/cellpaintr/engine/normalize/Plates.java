package org.cellpaintr.engine.normalize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;

/** Groups the rows of a table by the values of one or more columns (plates, batches), in order of appearance. */
public final class Plates {

    private final List<String> names = new ArrayList<>();
    private final List<int[]> rows = new ArrayList<>();

    private Plates() {
    }

    /**
     * @param setting the setting that named the columns (for messages)
     * @throws SettingsException when a column is missing or a row has no value in it
     */
    public static Plates of(ProfileTable table, String setting, List<String> columns) throws SettingsException {
        List<MetadataColumn> cols = new ArrayList<>();
        for (String c : columns) {
            cols.add(table.requireColumn(setting, c));
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        StringBuilder key = new StringBuilder();
        for (int r = 0; r < table.rowCount(); r++) {
            key.setLength(0);
            for (int i = 0; i < cols.size(); i++) {
                MetadataColumn c = cols.get(i);
                if (c.isMissing(r)) {
                    throw new SettingsException(setting, "row " + (r + 1) + " has no value in column '" + c.name() + "'");
                }
                if (i > 0) {
                    key.append(" / ");
                }
                key.append(c.text(r));
            }
            groups.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(r);
        }
        Plates p = new Plates();
        groups.forEach((k, v) -> {
            p.names.add(k);
            p.rows.add(v.stream().mapToInt(Integer::intValue).toArray());
        });
        return p;
    }

    public int count() {
        return names.size();
    }

    public String name(int plate) {
        return names.get(plate);
    }

    /** Row indices of a plate, ascending. */
    public int[] rows(int plate) {
        return rows.get(plate);
    }
}

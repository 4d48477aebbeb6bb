package org.cellpaintr.cli.report;

import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.NumberColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/**
 * Replicate retrieval of one representation of a dataset: the mean mAP over compounds and how many compounds are
 * retrieved (corrected p below 0.05), for one mAP kind (replicates against the plate's negative controls, or
 * against other compounds).
 *
 * @param representation what was scored, e.g. "raw intersected features"
 * @param kind the mAP's label, e.g. "mAP (controls)"
 * @param map mean mAP over compounds (NaN if not computed)
 * @param compounds compounds scored
 * @param retrieved compounds whose corrected p-value is below 0.05
 */
public record Retrieval(String representation, String kind, double map, int compounds, int retrieved) {

    static final String COL_REPRESENTATION = "representation";
    static final String COL_KIND = "mAP kind";
    static final String COL_MAP = "mAP";
    static final String COL_COMPOUNDS = "compounds";
    static final String COL_RETRIEVED = "retrieved";
    static final String COL_FRACTION = "fraction retrieved";

    public double fractionRetrieved() {
        return compounds == 0 ? Double.NaN : (double) retrieved / compounds;
    }

    /** The retrieval rows of one score result: one per mAP metric that was switched on. */
    public static List<Retrieval> of(String representation, ScoreResult r) {
        List<Retrieval> out = new ArrayList<>();
        ProfileTable c = r.compounds();
        MetadataColumn kind = c.column("mAP kind").orElseThrow();
        MetadataColumn retrieved = c.column("retrieved").orElseThrow();
        for (Metric m : List.of(Metric.MAP_CONTROLS, Metric.MAP_NONREP)) {
            String key = m == Metric.MAP_CONTROLS ? "controls" : "nonrep";
            int n = 0;
            int hit = 0;
            for (int i = 0; i < c.rowCount(); i++) {
                if (key.equals(kind.text(i))) {
                    n++;
                    hit += "true".equals(retrieved.text(i)) ? 1 : 0;
                }
            }
            double map = r.value(m.label);
            if (n > 0 || !Double.isNaN(map)) {
                out.add(new Retrieval(representation, m.label, map, n, hit));
            }
        }
        return out;
    }

    /** The rows as a table (what the example writes and {@code cellpaintr report --retrieval} reads). */
    public static ProfileTable table(List<Retrieval> rows) {
        TextColumn.Builder rep = new TextColumn.Builder(COL_REPRESENTATION);
        TextColumn.Builder kind = new TextColumn.Builder(COL_KIND);
        double[] map = new double[rows.size()];
        double[] compounds = new double[rows.size()];
        double[] retrieved = new double[rows.size()];
        double[] fraction = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Retrieval r = rows.get(i);
            rep.add(r.representation());
            kind.add(r.kind());
            map[i] = r.map();
            compounds[i] = r.compounds();
            retrieved[i] = r.retrieved();
            fraction[i] = r.fractionRetrieved();
        }
        return ProfileTable.ofMetadata(List.of(rep.build(), kind.build(), new NumberColumn(COL_MAP, map),
                new NumberColumn(COL_COMPOUNDS, compounds), new NumberColumn(COL_RETRIEVED, retrieved),
                new NumberColumn(COL_FRACTION, fraction)));
    }

    /** Reads back what {@link #table} wrote. */
    public static List<Retrieval> read(ProfileTable t) {
        MetadataColumn rep = require(t, COL_REPRESENTATION);
        MetadataColumn kind = require(t, COL_KIND);
        MetadataColumn map = require(t, COL_MAP);
        MetadataColumn compounds = require(t, COL_COMPOUNDS);
        MetadataColumn retrieved = require(t, COL_RETRIEVED);
        List<Retrieval> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            out.add(new Retrieval(rep.text(r), kind.text(r), MethodScores.number(map, r),
                    (int) MethodScores.number(compounds, r), (int) MethodScores.number(retrieved, r)));
        }
        return out;
    }

    private static MetadataColumn require(ProfileTable t, String name) {
        return t.column(name).orElseThrow(() -> new IllegalArgumentException("retrieval table has no column '" + name
                + "'"));
    }
}

package org.cellpaintr.cli.report;

import org.cellpaintr.engine.correct.Pca;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * The wells of one method's table on its first two principal components, with each well's batch and compound: what
 * the report's scatter plots draw. PCA (not UMAP) because it is deterministic and shows the batch shift as it is,
 * without a neighbour graph's own distortions.
 *
 * @param method the method's name
 * @param x first principal component score per well
 * @param y second principal component score per well
 * @param batch each well's batch
 * @param label each well's compound
 */
public record Projection(String method, double[] x, double[] y, String[] batch, String[] label) {

    /** Projects the rows of {@code table} whose label is present. */
    public static Projection of(String method, ProfileTable table, String batchColumn, String labelColumn) {
        MetadataColumn b = table.column(batchColumn).orElseThrow(() -> new IllegalArgumentException(
                "table of '" + method + "' has no batch column '" + batchColumn + "'"));
        MetadataColumn l = table.column(labelColumn).orElseThrow(() -> new IllegalArgumentException(
                "table of '" + method + "' has no label column '" + labelColumn + "'"));
        if (table.features().size() < 2) {
            throw new IllegalArgumentException("table of '" + method + "' has " + table.features().size()
                    + " feature columns; a 2-D projection needs at least 2");
        }
        int[] rows = java.util.stream.IntStream.range(0, table.rowCount()).filter(r -> !l.isMissing(r)).toArray();
        try (ProfileTable sub = table.selectRows(rows)) {
            double[] pcs = Pca.scores(sub.matrix(), 2);
            int n = rows.length;
            double[] x = new double[n];
            double[] y = new double[n];
            String[] batch = new String[n];
            String[] label = new String[n];
            for (int i = 0; i < n; i++) {
                x[i] = pcs[2 * i];
                y[i] = pcs[2 * i + 1];
                batch[i] = b.isMissing(rows[i]) ? "(no batch)" : b.text(rows[i]);
                label[i] = l.text(rows[i]);
            }
            return new Projection(method, x, y, batch, label);
        }
    }
}

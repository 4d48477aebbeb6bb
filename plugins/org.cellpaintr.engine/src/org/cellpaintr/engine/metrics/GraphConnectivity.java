package org.cellpaintr.engine.metrics;

import org.cellpaintr.engine.knn.SparseGraph;

/**
 * scib's graph connectivity: for each label, the share of its wells in the largest connected component of the
 * connectivity graph restricted to that label; the mean over labels. 1 when every label forms one connected piece.
 */
public final class GraphConnectivity {

    private GraphConnectivity() {
    }

    public static MetricValue score(SparseGraph connectivities, LabelCodes labels) {
        int[][] groups = labels.groups();
        double sum = 0;
        for (int[] members : groups) {
            int[] comp = connectivities.induced(members).components();
            int[] sizes = new int[members.length];
            int largest = 0;
            for (int c : comp) {
                largest = Math.max(largest, ++sizes[c]);
            }
            sum += (double) largest / members.length;
        }
        return new MetricValue(sum / groups.length, groups.length);
    }
}

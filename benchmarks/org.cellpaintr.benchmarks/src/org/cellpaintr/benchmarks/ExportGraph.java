package org.cellpaintr.benchmarks;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.stream.IntStream;

import org.cellpaintr.engine.knn.CosineKnn;
import org.cellpaintr.engine.knn.KnnGraph;
import org.cellpaintr.engine.knn.SparseGraph;
import org.cellpaintr.engine.knn.UmapConnectivities;
import org.cellpaintr.engine.knn.UnitRows;
import org.cellpaintr.engine.metrics.LeidenClusters;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;

/**
 * Writes what the graph metrics see on the raw Dahlin plates (non-DMSO wells): the 25-NN lists, the connectivities
 * and this engine's Leiden clusters, for cross-checks with scanpy / umap / leidenalg / sklearn outside Java.
 * Args: output directory.
 */
public final class ExportGraph {

    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        Path file = Path.of(System.getProperty("cellpaintr.example.dir", "workflows/data"), "dahlin_cell_injury",
                "aligned_plate_holdout.csv.gz");
        try (ProfileTable t = CsvGz.read(file, 33)) {
            var ctl = t.column("Control Type").orElseThrow();
            var name = t.column("Compound Name").orElseThrow();
            int[] rows = IntStream.range(0, t.rowCount())
                    .filter(r -> !"Negative".equals(ctl.text(r)) && !name.isMissing(r)).toArray();
            UnitRows u = UnitRows.of(t.matrix(), rows);
            KnnGraph k = CosineKnn.compute(u, 25, Progress.NONE);
            SparseGraph g = UmapConnectivities.compute(k);
            int[] cl = LeidenClusters.cluster(g, 1.0, 0);
            try (PrintWriter w = new PrintWriter(dir.resolve("rows.csv").toFile())) {
                w.println("row,label,batch,leiden");
                var batch = t.column(DahlinScores.BATCH).orElseThrow();
                for (int i = 0; i < rows.length; i++) {
                    w.println(rows[i] + ",\"" + name.text(rows[i]) + "\"," + batch.text(rows[i]) + "," + cl[i]);
                }
            }
            try (PrintWriter w = new PrintWriter(dir.resolve("knn.csv").toFile())) {
                for (int i = 0; i < k.size(); i++) {
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j < k.k(); j++) {
                        sb.append(k.neighbor(i, j)).append(':').append(k.distance(i, j)).append(j + 1 < k.k() ? "," : "");
                    }
                    w.println(sb);
                }
            }
            try (PrintWriter w = new PrintWriter(dir.resolve("connectivities.csv").toFile())) {
                for (int i = 0; i < g.size(); i++) {
                    for (int e = g.start(i); e < g.end(i); e++) {
                        w.println(i + "," + g.column(e) + "," + g.weight(e));
                    }
                }
            }
            System.out.println("modularity of our Leiden partition: " + LeidenClusters.modularity(g, cl));
        }
    }
}

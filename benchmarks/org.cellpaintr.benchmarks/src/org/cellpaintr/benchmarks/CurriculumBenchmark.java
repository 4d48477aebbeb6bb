package org.cellpaintr.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cellpaintr.cli.DemoConfiguration;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageResult;
import org.cellpaintr.model.trainstage.TrainStageSettings;
import org.cellpaintr.model.trainer.Stage;

/**
 * The full three-stage curriculum on the bundled Dahlin plates at the demo configuration: wall time, peak RSS and
 * final losses per stage. Usage: {@code CurriculumBenchmark DAHLIN_CSV_GZ}.
 */
public final class CurriculumBenchmark {

    private static final String BATCH = "Experimental Condition [Experimental Batch]";

    public static void main(String[] args) throws Exception {
        List<String> lines = new ArrayList<>();
        try (ProfileTable raw = ProfileFiles.read(Path.of(args[0]));
                NormalizeResult norm = new Normalize().execute(
                        NormalizeSettings.authors(List.of("Plate"), "Control Type", List.of("Negative")), raw,
                        Progress.NONE)) {
            ProfileTable t = norm.normalized();
            TrainStage op = new TrainStage();
            CellPainTRModel model = null;
            try {
                for (Stage stage : Stage.values()) {
                    TrainStageSettings s = TrainStageSettings.of(DemoConfiguration.training(stage), BATCH, "Plate",
                            stage.contrastive() ? "Compound Name" : null).withNewModel(DemoConfiguration.network());
                    Measure m = Measure.start("stage " + stage.number());
                    TrainStageResult r = op.execute(s, new TrainStage.Input(t, model, null), Progress.NONE);
                    Measure.Row row = m.stop();
                    model = r.model();
                    try (ProfileTable log = r.log()) {
                        int last = -1;
                        int steps = 0;
                        for (int i = 0; i < log.rowCount(); i++) {
                            String kind = log.column("kind").orElseThrow().text(i);
                            if ("epoch".equals(kind)) {
                                last = i;
                            } else if ("step".equals(kind)) {
                                steps++;
                            }
                        }
                        lines.add(String.format(Locale.ROOT, "| %-22s | %6d | %7.1f | %8.1f | %6.0f | %8.3f | %10.3f | %7s |",
                                stage.label(), steps, row.seconds(), 1000 * row.seconds() / steps, row.peakRssMb(),
                                num(log, "loss", last), num(log, "masked_mse", last), fmt(num(log, "supcon", last))));
                    }
                }
            } finally {
                if (model != null) {
                    model.close();
                }
            }
            System.out.printf("Dahlin plates: %d wells x %d features; demo configuration: %s%n",
                    t.rowCount(), t.features().size(), DemoConfiguration.describe());
        }
        System.out.println("| stage                  |  steps |  wall s | ms/step | RSS MB | loss (last epoch) | masked MSE | SupCon |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    private static double num(ProfileTable log, String column, int row) {
        String v = log.column(column).orElseThrow().text(row);
        return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}

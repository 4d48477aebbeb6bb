package org.cellpaintr.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.FilterMode;
import org.cellpaintr.model.config.SourcePlacement;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.provenance.StageRecord;
import org.cellpaintr.model.trainer.Batching;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainer.TrainerSettings;
import org.cellpaintr.model.trainer.TrainingRecipe;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageResult;
import org.cellpaintr.model.trainstage.TrainStageSettings;

/**
 * One configuration of the curriculum for the recipe evaluation, from {@code key=value} options (defaults = the
 * evaluated recipe of docs/evaluation.md): {@code preset} (arevalo), {@code d} (32), {@code layers} (2),
 * {@code steps1/steps2/steps3} (1600/1000/1000, the length at which the held-out goals were met), {@code lr} (2e-3), {@code placement} (the model default),
 * {@code temperature} (0.2), {@code supcon} (1), {@code mse} (stage 2-3 weight, 0.5), {@code sampler} (8,4,8),
 * {@code zeropad} (0.5), {@code head} (width of the SupCon projection head, 0: none), {@code align} (stage-3
 * weight of the cross-source alignment of the controls, 0: off), {@code srcdrop} (stages 2-3 source-token dropout,
 * the standard recipe's 0.5), {@code seed} (1), {@code dmso} (negatives: never a
 * positive; class: one SupCon class as in the authors' code); and {@code ablate}: one of {@code source} ([SRC] at the end),
 * {@code balance} (plain MSE, τ 0.07, weights 1/1), {@code sampler} (the authors' batching), {@code schedule}
 * (constant learning rate), {@code zeropad} (no padding), {@code srcdrop} (no source-token dropout) or
 * {@code authors} (all six off).
 */
final class RecipeRun {

    private final Map<String, String> o;

    private RecipeRun(Map<String, String> o) {
        this.o = o;
    }

    /** {@code --key value} and {@code key=value} arguments as a map. */
    static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                m.put(args[i].substring(2), args[++i]);
            } else if (args[i].contains("=")) {
                String[] kv = args[i].split("=", 2);
                m.put(kv[0], kv[1]);
            } else {
                throw new IllegalArgumentException("expected key=value or --key value, got " + args[i]);
            }
        }
        return m;
    }

    static RecipeRun from(Map<String, String> o) {
        return new RecipeRun(o);
    }

    String ablate() {
        return o.getOrDefault("ablate", "none");
    }

    private boolean off(String cause) {
        return ablate().equals(cause) || ablate().equals("authors");
    }

    String preset() {
        return o.getOrDefault("preset", "arevalo");
    }

    long seed() {
        return Long.parseLong(o.getOrDefault("seed", "1"));
    }

    private double num(String k, double d) {
        return Double.parseDouble(o.getOrDefault(k, String.valueOf(d)));
    }

    private int integer(String k, int d) {
        return Integer.parseInt(o.getOrDefault(k, String.valueOf(d)));
    }

    NormalizeSettings normalize(List<String> plates, String control, List<String> values) throws Exception {
        return NormalizeSettings.preset(preset(), plates, control, values);
    }

    /** demo=true: the example's configuration (DemoConfiguration, plate groups, DMSO a class), for its losses. */
    private boolean demo() {
        return Boolean.parseBoolean(o.getOrDefault("demo", "false"));
    }

    /**
     * The training normalisation for a dataset the model is applied to: the same per-plate scaling and transform,
     * but no feature selection (the model's vocabulary, through Intersect Features, decides the features) and
     * epsilon 1e-6 (a pre-normalised file has control MADs of 0 for some features, which Arevalo et al.'s selection
     * would drop).
     */
    NormalizeSettings normalizeForApplication(List<String> plates, String control, List<String> values)
            throws Exception {
        NormalizeSettings n = normalize(plates, control, values);
        return new NormalizeSettings(n.plateColumns(), n.reference(), n.controlColumn(), n.controlValues(),
                n.noControlsFallback(), n.method(), n.madConsistency(), Math.max(1e-6, n.epsilon()),
                NormalizeSettings.NonFinite.ZERO, n.inverseNormal(), n.tieSeed(), n.clip(), n.clipLow(), n.clipHigh(),
                false, n.minCoefVar(), false, Double.NaN);
    }

    CellPainTRConfig network() {
        if (demo()) {
            return org.cellpaintr.cli.DemoConfiguration.network();
        }
        int d = integer("d", 32);
        CellPainTRConfig.Builder b = CellPainTRConfig.builder().dModel(d).layers(integer("layers", 2))
                .mlpWidth(4 * d).filterWidth(16);
        if (o.containsKey("placement")) {
            b.sourcePlacement(SourcePlacement.parse(o.get("placement")));
        }
        if (off("source")) {
            b.sourcePlacement(SourcePlacement.END);
        }
        if (o.containsKey("filter")) {
            b.filterMode(FilterMode.parse(o.get("filter")));
        }
        b.projectionWidth(integer("head", 0));
        return b.build();
    }

    TrainerSettings training(Stage stage) {
        if (demo()) {
            return org.cellpaintr.cli.DemoConfiguration.training(stage);
        }
        int steps = integer("steps" + stage.number(), stage == Stage.MASKED_MODELLING ? 1600 : 1000);
        TrainingRecipe r = TrainingRecipe.standard(stage).withSteps(steps);
        if (stage.contrastive()) {
            String[] pkc = o.getOrDefault("sampler", "8,4,8").split(",");
            // the alignment term needs controls of two sources in a batch: stage 3 (stage 2 batches hold one source)
            r = r.withLoss(new TrainingRecipe.LossBalance(num("mse", 0.5), true, num("supcon", 1),
                    num("temperature", 0.2), stage == Stage.INTER_SOURCE ? num("align", 0) : 0))
                    .withSampling(new TrainingRecipe.BalancedSampling(Integer.parseInt(pkc[0]),
                            Integer.parseInt(pkc[1]), Integer.parseInt(pkc[2])))
                    .withZeroPadding(new TrainingRecipe.ZeroPadding(num("zeropad", 0.5), 0.1, 0.5))
                    .withSourceDropout(num("srcdrop", r.sourceDropout()));
        }
        if (off("balance")) {
            r = r.withLoss(new TrainingRecipe.LossBalance(1, false, 1, 0.07));
        }
        if (off("sampler")) {
            r = r.withSampling(null);
        }
        if (off("schedule")) {
            r = r.withSchedule(new TrainingRecipe.Schedule(steps, 0, 1));
        }
        if (off("zeropad")) {
            r = r.withZeroPadding(TrainingRecipe.ZeroPadding.off());
        }
        if (off("srcdrop")) {
            r = r.withSourceDropout(0);
        }
        TrainerSettings t = TrainerSettings.authors(stage).withLearningRate(num("lr", 2e-3)).withSeed(seed())
                .withRecipe(r);
        // the sampler fixes its own batch size; the authors' batching gets the same number of rows per batch
        int rows = r.sampling() != null ? r.sampling().batchSize() : integer("batch", 40);
        return t.withBatchSize(rows).withBatching(stage == Stage.INTER_SOURCE ? Batching.GLOBAL_SHUFFLE
                : Batching.WITHIN_GROUP, stage == Stage.MASKED_MODELLING);
    }

    String describe() {
        CellPainTRConfig c = network();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "normalisation %s; network d %d, %d layers, "
                + "MLP %d, filter %s, [SRC] %s, projection head %d; DMSO %s; ablate %s", preset(), c.dModel(),
                c.layers(), c.mlpWidth(), c.filterMode().label(), c.sourcePlacement().label(), c.projectionWidth(),
                o.getOrDefault("dmso", "negatives"), ablate()));
        for (Stage s : Stage.values()) {
            TrainerSettings t = training(s);
            sb.append("; stage ").append(s.number()).append(": lr ").append(t.learningRate()).append(", batch ")
                    .append(t.batchSize()).append(", ").append(t.recipe().asMap());
        }
        return sb.toString();
    }

    /** The trained model and what the run measured. */
    record Trained(CellPainTRModel model, Map<String, String> notes) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Trains stages 1-3 on {@code t}: source = batch column, stage 2 batches within a source (the Dahlin plates hold
     * about one well per compound, so a plate has no compound replicates), negative controls never positives.
     */
    Trained train(ProfileTable t, String batch, String plate, String label, String control, String negative)
            throws Exception {
        Map<String, String> notes = new LinkedHashMap<>();
        CellPainTRModel model = null;
        List<String> lossRows = new ArrayList<>();
        try {
            for (Stage stage : Stage.values()) {
                TrainStageSettings s = new TrainStageSettings(training(stage), batch, null, plate,
                        stage == Stage.INTRA_SOURCE && !demo(), stage.contrastive() ? label : null, control,
                        List.of(negative), !demo() && !"class".equals(o.getOrDefault("dmso", "negatives")), List.of(),
                        stage == Stage.MASKED_MODELLING ? network() : null, DeviceChoice.cpu());
                long t0 = System.nanoTime();
                TrainStageResult r = new TrainStage().execute(s, new TrainStage.Input(t, model, null), Progress.NONE);
                double seconds = (System.nanoTime() - t0) / 1e9;
                model = r.model();
                double sensitivity = Double.NaN;
                try (ProfileTable log = r.log()) {
                    for (int i = log.rowCount() - 1; i >= 0; i--) {
                        if ("epoch".equals(log.column("kind").orElseThrow().text(i))) {
                            String v = log.column("source_sensitivity").orElseThrow().text(i);
                            sensitivity = v.isEmpty() ? Double.NaN : Double.parseDouble(v);
                            break;
                        }
                    }
                }
                StageRecord rec = model.provenance().stages().get(model.provenance().stages().size() - 1);
                Map<String, Double> l = rec.losses();
                lossRows.add(String.format(Locale.ROOT, "| %s | %.0f s | %.3f | %.3f | %s | %s | %.3f |",
                        stage.label(), seconds, l.get("maskedMse"), l.get("predictMeanMse"),
                        fmt(l.get("supCon")), fmt(l.get("supConFloor")), sensitivity));
            }
            notes.put("losses (last epoch) | stage | time | masked MSE | predict-the-mean MSE | SupCon | SupCon floor "
                    + "| source sensitivity", "\n" + String.join("\n", lossRows));
            return new Trained(model, notes);
        } catch (Exception | Error e) {
            if (model != null) {
                model.close();
            }
            throw e;
        }
    }

    private static String fmt(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}

package org.cellpaintr.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import org.cellpaintr.cli.DemoConfiguration;
import org.cellpaintr.engine.intersect.IntersectFeatures;
import org.cellpaintr.engine.intersect.IntersectResult;
import org.cellpaintr.engine.intersect.IntersectSettings;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.metrics.Metric;
import org.cellpaintr.engine.metrics.ScoreBatchCorrection;
import org.cellpaintr.engine.metrics.ScoreResult;
import org.cellpaintr.engine.metrics.ScoreSettings;
import org.cellpaintr.engine.normalize.Normalize;
import org.cellpaintr.engine.normalize.NormalizeResult;
import org.cellpaintr.engine.normalize.NormalizeSettings;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.table.DuplicateRows;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.FilterMode;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedSettings;
import org.cellpaintr.model.proxy.LearnedTokenStart;
import org.cellpaintr.model.proxy.ProxyStrategy;
import org.cellpaintr.model.proxy.SelectProxyResult;
import org.cellpaintr.model.proxy.SelectProxySettings;
import org.cellpaintr.model.proxy.SelectProxyToken;
import org.cellpaintr.model.trainer.Stage;
import org.cellpaintr.model.trainstage.TrainStage;
import org.cellpaintr.model.trainstage.TrainStageResult;
import org.cellpaintr.model.trainstage.TrainStageSettings;

/**
 * Does the proxy token matter? A demo-configuration model is trained (stages 1-3) on the bundled Dahlin plates with
 * the experimental batch as source; the bundled CPJUMP1 plates (exact duplicate rows left out) are aligned to its
 * vocabulary and embedded once per candidate token and once per strategy of Select Proxy Token; each embedding, and
 * the raw aligned features as the baseline, is scored by replicate retrieval of the CPJUMP1 compounds (mAP
 * (controls): replicates against the plate's DMSO wells, no well rule because the CPJUMP1 plates share one layout, so
 * every replicate sits in the same well position; mAP (nonrep): against the plate's other compounds), with
 * the fraction of compounds retrieved (BH-corrected p &lt; 0.05). Prints a Markdown table for docs/proxy.md.
 *
 * <p>Usage: {@code ProxyEvidence [evident-intent|compat-2024] [seed]} (data from {@code -Dcellpaintr.example.dir}).
 */
public final class ProxyEvidence {

    private static final String BATCH = "Experimental Condition [Experimental Batch]";
    private static final String NEW_SOURCE = "cpjump1";

    public static void main(String[] args) throws Exception {
        FilterMode mode = args.length > 0 ? FilterMode.parse(args[0]) : FilterMode.EVIDENT_INTENT;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        Path data = Path.of(System.getProperty("cellpaintr.example.dir", "workflows/data"));
        CellPainTRConfig network = DemoConfiguration.network().toBuilder().filterMode(mode).build();
        Path modelFile = Files.createTempFile("proxy-evidence", ".cellpaintr");
        long started = System.nanoTime();
        try (ProfileTable raw = ProfileFiles.read(data.resolve("dahlin_cell_injury/aligned_plate_holdout.csv.gz"));
                NormalizeResult norm = new Normalize().execute(NormalizeSettings.authors(List.of("Plate"),
                        "Control Type", List.of("Negative")), raw, Progress.NONE)) {
            train(norm.normalized(), network, seed, modelFile);
        }
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        ScoreSettings score = ScoreSettings.defaults("Metadata_Plate", "Metadata_pert_iname", "Metadata_Plate",
                null, "Metadata_control_type", "negcon", null)
                .withMetrics(EnumSet.of(Metric.MAP_CONTROLS, Metric.MAP_NONREP));
        List<String> rows = new ArrayList<>();
        String header;
        try (ProfileTable shipped = ProfileFiles.read(data.resolve("cpjump1_jump_pilot/overlapping_jump_data.csv.gz"));
                ProfileTable jump = shipped.selectRows(DuplicateRows.firstOccurrences(shipped));
                CellPainTRModel reference = ModelArchive.load(modelFile, DeviceChoice.cpu());
                IntersectResult inter = new IntersectFeatures().execute(
                        IntersectSettings.defaults(reference.vocabulary().names()), jump, Progress.NONE)) {
            ProfileTable aligned = inter.aligned();
            header = String.format(Locale.ROOT, "Dahlin plates -> CPJUMP1 (%d wells, %s); network d=%d, %d layers, "
                    + "filter %s, [SRC] %s, seed %d; %s (training %.0f s)", aligned.rowCount(), inter.summary(),
                    network.dModel(), network.layers(), mode.label(), network.sourcePlacement().label(), seed,
                    DemoConfiguration.describe(), trainSeconds);
            rows.add(row("raw aligned features (baseline)", "-", Double.NaN, aligned, score));
            List<String> strategyRows = new ArrayList<>();
            java.util.Map<String, Double> sampleLoss = new java.util.HashMap<>();
            for (SelectProxySettings s : List.of(
                    SelectProxySettings.defaults(NEW_SOURCE, ProxyStrategy.AUTOMATIC).withSample(512, seed),
                    SelectProxySettings.defaults(NEW_SOURCE, ProxyStrategy.LEARNED).withSample(512, seed),
                    SelectProxySettings.defaults(NEW_SOURCE, ProxyStrategy.LEARNED).withSample(512, seed)
                            .withLearning(LearnedTokenStart.CODEBOOK_MEAN, 1e-3, 30, 3, 0.25))) {
                try (CellPainTRModel m = ModelArchive.load(modelFile, DeviceChoice.cpu())) {
                    long t0 = System.nanoTime();
                    SelectProxyResult r = new SelectProxyToken().execute(s, new SelectProxyToken.Input(aligned, m,
                            null), Progress.NONE);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    r.ranking().close();
                    System.err.println(r.explanation() + String.format(Locale.ROOT, " [%.1f s]", seconds));
                    String name = s.strategy() == ProxyStrategy.AUTOMATIC ? "automatic"
                            : "learned from " + (s.learnedStart() == LearnedTokenStart.BEST_CANDIDATE
                                    ? "best candidate" : "codebook mean");
                    // every loss in the table is on the same seeded sample of wells and masks
                    double loss = r.scores().stream().filter(c -> s.strategy() == ProxyStrategy.AUTOMATIC
                            ? c.candidate().equals(r.chosen()) : c.learned()).findFirst().orElseThrow().maskedMse();
                    String token = s.strategy() == ProxyStrategy.AUTOMATIC ? r.chosen() : String.format(Locale.ROOT,
                            "new (held-out loss %.5f -> %.5f)", r.heldOutBefore(), r.heldOutAfter());
                    try (ProfileTable emb = new Embed().execute(EmbedSettings.withProxy(NEW_SOURCE),
                            new Embed.Input(aligned, m), Progress.NONE)) {
                        strategyRows.add(row(name, token, loss, emb, score));
                    }
                    if (s.strategy() == ProxyStrategy.AUTOMATIC) {
                        r.scores().forEach(c -> sampleLoss.put(c.candidate(), c.maskedMse()));
                    }
                }
            }
            for (String candidate : reference.sources().names()) {
                try (CellPainTRModel m = ModelArchive.load(modelFile, DeviceChoice.cpu());
                        ProfileTable emb = new Embed().execute(EmbedSettings.withProxy(candidate),
                                new Embed.Input(aligned, m), Progress.NONE)) {
                    rows.add(row("token of source '" + candidate + "'", candidate, sampleLoss.get(candidate), emb,
                            score));
                }
            }
            rows.addAll(strategyRows);
        } finally {
            Files.deleteIfExists(modelFile);
        }
        System.out.println(header);
        System.out.println();
        System.out.println("| CPJUMP1 embedded with | token | masked MSE (sample) | mAP (controls) | retrieved | mAP (nonrep) | retrieved |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static void train(ProfileTable profiles, CellPainTRConfig network, long seed, Path modelFile)
            throws Exception {
        TrainStage train = new TrainStage();
        CellPainTRModel model = null;
        try {
            for (Stage st : Stage.values()) {
                TrainStageSettings s = TrainStageSettings.of(DemoConfiguration.training(st).withSeed(seed), BATCH,
                        "Plate", st.contrastive() ? "Compound Name" : null).withNewModel(network);
                TrainStageResult r = train.execute(s, new TrainStage.Input(profiles, model, null), Progress.NONE);
                model = r.model();
                r.log().close();
            }
            ModelArchive.save(model, modelFile);
        } finally {
            if (model != null) {
                model.close();
            }
        }
    }

    private static String row(String name, String token, double loss, ProfileTable table, ScoreSettings score)
            throws Exception {
        try (ScoreResult r = new ScoreBatchCorrection().execute(score, table, Progress.NONE)) {
            return String.format(Locale.ROOT, "| %s | %s | %s | %.6f | %s | %.6f | %s |", name, token,
                    Double.isNaN(loss) ? "" : String.format(Locale.ROOT, "%.6f", loss),
                    r.value(Metric.MAP_CONTROLS.label), retrieved(r.compounds(), "controls"),
                    r.value(Metric.MAP_NONREP.label), retrieved(r.compounds(), "nonrep"));
        }
    }

    /** "k of n" compounds retrieved in the per-compound table for one mAP kind. */
    private static String retrieved(ProfileTable compounds, String kind) {
        MetadataColumn k = compounds.column("mAP kind").orElseThrow();
        MetadataColumn yes = compounds.column("retrieved").orElseThrow();
        int n = 0;
        int hit = 0;
        for (int i = 0; i < compounds.rowCount(); i++) {
            if (k.text(i).equals(kind)) {
                n++;
                hit += "true".equals(yes.text(i)) ? 1 : 0;
            }
        }
        return hit + " of " + n;
    }
}

package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.proxy.LearnedTokenStart;
import org.cellpaintr.model.proxy.ProxyStrategy;
import org.cellpaintr.model.proxy.SelectProxyResult;
import org.cellpaintr.model.proxy.SelectProxySettings;
import org.cellpaintr.model.proxy.SelectProxyToken;

/** {@code cellpaintr proxy}: Select Proxy Token, a codebook entry for a dataset the model has not seen. */
final class ProxyCommand implements Command {

    private static final Set<String> FLAGS = Set.of("replace");
    private static final Set<String> VALUES = new HashSet<>(List.of("model", "input", "model-out", "new-source",
            "strategy", "metadata", "metadata-source-column", "ranking", "sample-rows", "batch-size", "seed",
            "min-shared", "start", "lr", "epochs", "patience", "held-out", "device"));

    static {
        VALUES.addAll(TableOptions.VALUE_OPTIONS);
    }

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public String summary() {
        return "choose the [SRC] token for an unseen dataset (metadata, automatic or learned) and rank all";
    }

    @Override
    public String help() {
        return "usage: cellpaintr proxy --model MODEL --input FILE --new-source NAME --model-out MODEL\n"
                + "                        [--strategy automatic|metadata|learned] [--ranking FILE] [options]\n\n"
                + "Adds a codebook entry NAME for a dataset the model has not seen and writes the model with it; NAME is\n"
                + "then an ordinary source for embed (--source NAME) and train. The input must be aligned to the model\n"
                + "(cellpaintr intersect --reference-model MODEL). Strategies (docs/proxy.md):\n"
                + "  automatic  the training source whose token gives the lowest masked-modelling loss on a seeded\n"
                + "             sample of the input (the same wells and masks for every candidate)   (default)\n"
                + "  metadata   the training source whose descriptive metadata matches NAME's best (--metadata)\n"
                + "  learned    a new token optimised on the input's masked-modelling loss, the model frozen,\n"
                + "             early-stopped on a held-out part of the sample\n\n"
                + "  --ranking FILE           the ranking table: every candidate, its scores, the winner\n"
                + "  --metadata FILE          one row per source (the model's and NAME): source column + attributes\n"
                + "  --metadata-source-column COL   (source)\n"
                + "  --replace                overwrite NAME's token when the model already has that source\n"
                + "  --sample-rows N (512)  --batch-size N (64)  --seed N (42)  --min-shared N (100: warn below)\n"
                + "  learned: --start best-candidate|codebook-mean  --lr X (1e-3)  --epochs N (30)  --patience N (3)\n"
                + "           --held-out FRACTION (0.25)\n"
                + "  --device D               cpu (default) | auto | gpu | gpu:N\n"
                + TableOptions.HELP;
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, 1, FLAGS, VALUES);
        Path modelPath = a.path("model");
        Path input = a.path("input");
        Path modelOut = a.path("model-out");
        Path metadataPath = a.optionalPath("metadata");
        Path ranking = a.optionalPath("ranking");
        TableOptions.guard().input("--model", modelPath).input("--input", input).input("--metadata", metadataPath)
                .output("--model-out", modelOut).tableOutput("--ranking", ranking).check();
        SelectProxySettings s = settings(a);
        SelectProxyToken op = new SelectProxyToken();
        try (CellPainTRModel model = ModelArchive.load(modelPath, EmbedCommand.devices(a));
                ProfileTable table = TableOptions.read(input, TableOptions.rule(a), err);
                ProfileTable metadata = metadataPath == null ? null
                        : SourceMetadataFile.read(metadataPath)) {
            op.configure(s, SelectProxyToken.Spec.of(table.schema(), model, metadata == null ? null
                    : metadata.schema()));
            SelectProxyResult r = op.execute(s, new SelectProxyToken.Input(table, model, metadata),
                    new StderrProgress(err, "proxy"));
            try (ProfileTable rank = r.ranking()) {
                ModelArchive.save(r.model(), modelOut);
                if (ranking != null) {
                    TableOptions.write(rank, ranking, err);
                }
            }
            r.warnings().forEach(w -> err.println("warning: " + w));
            out.println(r.explanation() + " -> " + modelOut);
        }
        return 0;
    }

    static SelectProxySettings settings(Args a) throws Exception {
        try {
            ProxyStrategy strategy = ProxyStrategy.parse(a.get("strategy", "automatic"));
            SelectProxySettings d = SelectProxySettings.defaults(a.get("new-source", null), strategy);
            return new SelectProxySettings(d.newSource(), strategy, a.flag("replace", false),
                    a.get("metadata-source-column", d.metadataSourceColumn()),
                    a.intValue("sample-rows", d.sampleRows()), a.intValue("batch-size", d.batchSize()),
                    a.integer("seed", d.seed()), a.intValue("min-shared", d.minSharedFeatures()),
                    LearnedTokenStart.parse(a.get("start", d.learnedStart().label())),
                    a.number("lr", d.learningRate()), a.intValue("epochs", d.maxEpochs()),
                    a.intValue("patience", d.patience()), a.number("held-out", d.heldOutFraction()));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }
}

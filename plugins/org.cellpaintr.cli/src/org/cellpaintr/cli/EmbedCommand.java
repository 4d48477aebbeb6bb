package org.cellpaintr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.embed.Embed;
import org.cellpaintr.model.embed.EmbedSettings;

/** {@code cellpaintr embed}: the [CLS] embedding of every well with a trained model. */
final class EmbedCommand implements Command {

    private static final Set<String> VALUES = new HashSet<>(List.of("model", "input", "output", "source-column",
            "source", "prefix", "batch-size", "device"));

    static {
        VALUES.addAll(TableOptions.VALUE_OPTIONS);
    }

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public String summary() {
        return "embed wells with a trained model ([CLS] vectors; source column or proxy source)";
    }

    @Override
    public String help() {
        return "usage: cellpaintr embed --model MODEL --input FILE --output FILE (--source-column COL | --source NAME)\n\n"
                + "The input's features must be the model's vocabulary in order (run `cellpaintr intersect\n"
                + "--reference-model MODEL` first); the output keeps the metadata and has one column per dimension.\n\n"
                + "  --source-column COL      each well's data source (a row of the model's source codebook)\n"
                + "  --source NAME            one source for all wells: the proxy token for an unseen dataset\n"
                + "  --prefix P               embedding column prefix (emb_)\n"
                + "  --batch-size N           wells per forward pass (0, the default: automatic, about 8,192\n"
                + "                           tokens per pass on a CPU, 64 wells on a GPU)\n"
                + "  --device D               cpu (default) | auto | gpu | gpu:N\n"
                + TableOptions.HELP;
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, 1, Set.of(), VALUES);
        Path modelPath = a.path("model");
        Path input = a.path("input");
        Path output = a.path("output");
        TableOptions.guard().input("--model", modelPath).input("--input", input).tableOutput("--output", output)
                .check();
        EmbedSettings s = new EmbedSettings(a.get("source-column", null), a.get("source", null), a.get("prefix", "emb_"),
                a.intValue("batch-size", EmbedSettings.AUTOMATIC));
        DeviceChoice device = devices(a);
        Embed op = new Embed();
        try (CellPainTRModel model = ModelArchive.load(modelPath, device);
                ProfileTable table = TableOptions.read(input, TableOptions.rule(a), err)) {
            op.configure(s, Embed.Spec.of(table.schema(), model));
            try (ProfileTable emb = op.execute(s, new Embed.Input(table, model), new StderrProgress(err, "embed"))) {
                TableOptions.write(emb, output, err);
                out.println("embedded " + emb.rowCount() + " wells into " + emb.features().size() + " dimensions on "
                        + model.device() + " -> " + output);
            }
        }
        return 0;
    }

    static DeviceChoice devices(Args a) throws Args.UsageException {
        try {
            return DeviceChoice.parse(a.get("device", "cpu"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--device: " + e.getMessage());
        }
    }
}

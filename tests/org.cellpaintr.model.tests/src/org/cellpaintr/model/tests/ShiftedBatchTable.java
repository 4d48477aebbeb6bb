package org.cellpaintr.model.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.MetadataColumn;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;

/**
 * The real Dahlin plates as two sources with a known batch effect: experimental batch 1 is source {@code A} as
 * shipped, batch 2 is source {@code B} with a fixed per-feature offset (seeded, standard normal) added to every value.
 * Each feature has its own offset, so the direct way for the model to know which offset a hidden value carries is the
 * source token: a model that uses its token reconstructs a B well better under B's token than under A's. Columns:
 * {@code source}, {@code plate}, {@link #FEATURES} of the Dahlin features.
 */
final class ShiftedBatchTable {

    /** Features kept (evenly spaced over the 352): few enough that the [SRC] position is not diluted. */
    static final int FEATURES = 12;
    static final String BATCH = "Experimental Condition [Experimental Batch]";

    private ShiftedBatchTable() {
    }

    static ProfileTable load() throws Exception {
        try (ProfileTable dahlin = ProfileFiles.read(DahlinPlates.file())) {
            int[] keep = IntStream.range(0, FEATURES).map(k -> k * (dahlin.features().size() / FEATURES)).toArray();
            List<String> names = IntStream.of(keep).mapToObj(dahlin.features()::get).toList();
            int f = keep.length;
            float[] offset = new float[f];
            SplittableRandom rng = new SplittableRandom(20240906);
            for (int j = 0; j < f; j++) {
                offset[j] = (float) Fixtures.gaussian(rng);
            }
            MetadataColumn batch = dahlin.column(BATCH).orElseThrow();
            MetadataColumn plates = dahlin.column("Plate").orElseThrow();
            List<String> source = new ArrayList<>();
            List<String> plate = new ArrayList<>();
            FeatureMatrix.Builder b = FeatureMatrix.builder(f);
            float[] all = new float[dahlin.features().size()];
            float[] row = new float[f];
            for (int r = 0; r < dahlin.rowCount(); r++) {
                dahlin.matrix().readRow(r, all, 0);
                for (int j = 0; j < f; j++) {
                    row[j] = all[keep[j]];
                }
                boolean shifted = batch.text(r).equals("2");
                if (shifted) {
                    for (int j = 0; j < f; j++) {
                        row[j] += offset[j];
                    }
                }
                b.appendRow(row);
                source.add(shifted ? "B" : "A");
                plate.add(plates.text(r));
            }
            return new ProfileTable(List.of(TextColumn.of("source", source), TextColumn.of("plate", plate)),
                    names, b.build());
        }
    }
}

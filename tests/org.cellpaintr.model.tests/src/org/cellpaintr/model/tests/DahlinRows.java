package org.cellpaintr.model.tests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.model.trainer.TrainingRows;

/** The Dahlin plates as {@link TrainingRows}: source = experimental batch, group = plate, label = compound. */
final class DahlinRows implements TrainingRows {

    private final DahlinPlates data;
    private final int[] rows;
    private final int[] labels;

    DahlinRows(DahlinPlates data, int[] rows) {
        this.data = data;
        this.rows = rows;
        Map<String, Integer> ids = new HashMap<>();
        labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = ids.computeIfAbsent(data.compounds.get(rows[i]), k -> ids.size());
        }
    }

    /** Rows whose index satisfies {@code keep}. */
    static DahlinRows select(DahlinPlates data, java.util.function.IntPredicate keep) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < data.rows.size(); i++) {
            if (keep.test(i)) {
                idx.add(i);
            }
        }
        return new DahlinRows(data, idx.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public List<String> featureNames() {
        return data.features;
    }

    @Override
    public void features(int row, float[] dst) {
        System.arraycopy(data.rows.get(rows[row]), 0, dst, 0, dst.length);
    }

    @Override
    public String source(int row) {
        return data.batches.get(rows[row]);
    }

    @Override
    public String group(int row) {
        return data.plates.get(rows[row]);
    }

    @Override
    public int label(int row) {
        return labels[row];
    }
}

package org.cellpaintr.model.trainer;

import java.util.Locale;

/** The three steps of the CellPainTR curriculum (docs/method.md §2.2). */
public enum Stage {
    /** Masked feature modelling only; batches from one plate, last partial batch dropped. */
    MASKED_MODELLING(1, "1-masked-modelling", 3),
    /** Masked MSE + SupCon, every batch from one group (plate), so positives are replicates within it. */
    INTRA_SOURCE(2, "2-intra-source", 8),
    /** Masked MSE + SupCon on batches mixing plates and sources, so positives match across sources. */
    INTER_SOURCE(3, "3-inter-source", 6);

    private final int number;
    private final String label;
    private final int defaultEpochs;

    Stage(int number, String label, int defaultEpochs) {
        this.number = number;
        this.label = label;
        this.defaultEpochs = defaultEpochs;
    }

    public int number() {
        return number;
    }

    /** Name used in logs, provenance and checkpoints. */
    public String label() {
        return label;
    }

    /** The authors' epoch count for this stage (3 / 8 / 6, read from their checkpoint names). */
    public int defaultEpochs() {
        return defaultEpochs;
    }

    /** True for the stages whose loss includes SupCon. */
    public boolean contrastive() {
        return this != MASKED_MODELLING;
    }

    /** Stage by number 1-3 or label. */
    public static Stage parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Stage s : values()) {
            if (t.equals(String.valueOf(s.number)) || t.equals(s.label) || t.equals(s.name().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown stage '" + text + "': use 1, 2 or 3");
    }
}

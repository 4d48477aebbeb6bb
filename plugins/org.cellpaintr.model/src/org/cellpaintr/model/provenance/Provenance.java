package org.cellpaintr.model.provenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The history of a model: when and with which seed it was created, the stages it went through, and events such as
 * a source added to the codebook. Stored in the archive manifest; mutable only by appending.
 */
public final class Provenance {

    private final Instant created;
    private final long initSeed;
    private final List<StageRecord> stages = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    public Provenance(Instant created, long initSeed) {
        this.created = created;
        this.initSeed = initSeed;
    }

    public Instant created() {
        return created;
    }

    /** Seed of the parameter initialisation. */
    public long initSeed() {
        return initSeed;
    }

    /** Stage records in order (unmodifiable snapshot). */
    public List<StageRecord> stages() {
        return Collections.unmodifiableList(new ArrayList<>(stages));
    }

    /** Free-text events in order (unmodifiable snapshot). */
    public List<String> events() {
        return Collections.unmodifiableList(new ArrayList<>(events));
    }

    public synchronized void addStage(StageRecord record) {
        stages.add(record);
    }

    public synchronized void addEvent(String event) {
        events.add(event);
    }

    /** A copy that can be appended to independently. */
    public synchronized Provenance copy() {
        Provenance p = new Provenance(created, initSeed);
        p.stages.addAll(stages);
        p.events.addAll(events);
        return p;
    }
}

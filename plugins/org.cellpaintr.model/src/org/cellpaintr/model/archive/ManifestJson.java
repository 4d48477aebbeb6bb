package org.cellpaintr.model.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.config.FilterMode;
import org.cellpaintr.model.config.MaskingMode;
import org.cellpaintr.model.config.MlpActivation;
import org.cellpaintr.model.config.SourcePlacement;
import org.cellpaintr.model.provenance.Provenance;
import org.cellpaintr.model.provenance.StageRecord;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Explicit JSON mapping of the manifest parts (configuration, provenance). Written by hand rather than by reflection
 * so that field names are a documented, stable format and a missing or mistyped field is reported by name.
 */
final class ManifestJson {

    private ManifestJson() {
    }

    static JsonObject config(CellPainTRConfig c) {
        JsonObject o = new JsonObject();
        o.addProperty("dModel", c.dModel());
        o.addProperty("layers", c.layers());
        o.addProperty("order", c.order());
        o.addProperty("filterWidth", c.filterWidth());
        o.addProperty("posEmbDim", c.posEmbDim());
        o.addProperty("sineFreq", c.sineFreq());
        o.addProperty("mlpWidth", c.mlpWidth());
        o.addProperty("embedDropout", c.embedDropout());
        o.addProperty("residDropout", c.residDropout());
        o.addProperty("layerNormEps", c.layerNormEps());
        o.addProperty("filterMode", c.filterMode().label());
        o.addProperty("maskingMode", c.maskingMode().label());
        o.addProperty("maskRatioMin", c.maskRatioMin());
        o.addProperty("maskRatioMax", c.maskRatioMax());
        o.addProperty("temperature", c.temperature());
        o.addProperty("supConWeight", c.supConWeight());
        o.addProperty("spareIdentityRows", c.spareIdentityRows());
        o.addProperty("sourcePlacement", c.sourcePlacement().label());
        o.addProperty("mlpActivation", c.mlpActivation().label());
        o.addProperty("projectionWidth", c.projectionWidth());
        return o;
    }

    static CellPainTRConfig config(JsonObject o) throws ArchiveFormatException {
        try {
            return new CellPainTRConfig(integer(o, "dModel"), integer(o, "layers"), integer(o, "order"),
                    integer(o, "filterWidth"), integer(o, "posEmbDim"), number(o, "sineFreq"),
                    integer(o, "mlpWidth"), number(o, "embedDropout"), number(o, "residDropout"),
                    number(o, "layerNormEps"), FilterMode.parse(text(o, "filterMode")),
                    MaskingMode.parse(text(o, "maskingMode")), number(o, "maskRatioMin"),
                    number(o, "maskRatioMax"), number(o, "temperature"), number(o, "supConWeight"),
                    integer(o, "spareIdentityRows"),
                    // archives written before the setting existed put [SRC] at the end
                    o.has("sourcePlacement") ? SourcePlacement.parse(text(o, "sourcePlacement"))
                            : SourcePlacement.END,
                    // and computed the tanh-approximate GELU
                    o.has("mlpActivation") ? MlpActivation.parse(text(o, "mlpActivation")) : MlpActivation.GELU_TANH,
                    // and had no SupCon projection head
                    o.has("projectionWidth") ? integer(o, "projectionWidth") : 0);
        } catch (RuntimeException e) {
            throw new ArchiveFormatException("The archive's configuration is invalid: " + e.getMessage(), e);
        }
    }

    static JsonObject provenance(Provenance p) {
        JsonObject o = new JsonObject();
        o.addProperty("created", p.created().toString());
        o.addProperty("initSeed", p.initSeed());
        JsonArray events = new JsonArray();
        p.events().forEach(events::add);
        o.add("events", events);
        JsonArray stages = new JsonArray();
        for (StageRecord s : p.stages()) {
            JsonObject so = new JsonObject();
            so.addProperty("stage", s.stage());
            so.add("settings", stringMap(s.settings()));
            so.addProperty("seed", s.seed());
            so.addProperty("dataFingerprint", s.dataFingerprint());
            so.add("losses", numberMap(s.losses()));
            so.addProperty("timestamp", s.timestamp().toString());
            so.add("libraryVersions", stringMap(s.libraryVersions()));
            JsonArray log = new JsonArray();
            s.log().forEach(r -> log.add(numberMap(r)));
            so.add("log", log);
            stages.add(so);
        }
        o.add("stages", stages);
        return o;
    }

    static Provenance provenance(JsonObject o) throws ArchiveFormatException {
        try {
            Provenance p = new Provenance(Instant.parse(text(o, "created")), longValue(o, "initSeed"));
            for (JsonElement e : array(o, "events")) {
                p.addEvent(e.getAsString());
            }
            for (JsonElement e : array(o, "stages")) {
                JsonObject so = e.getAsJsonObject();
                List<Map<String, Double>> log = new ArrayList<>();
                for (JsonElement r : array(so, "log")) {
                    log.add(toNumberMap(r.getAsJsonObject()));
                }
                p.addStage(new StageRecord(text(so, "stage"), toStringMap(object(so, "settings")),
                        longValue(so, "seed"), text(so, "dataFingerprint"), toNumberMap(object(so, "losses")),
                        Instant.parse(text(so, "timestamp")), toStringMap(object(so, "libraryVersions")), log));
            }
            return p;
        } catch (RuntimeException e) {
            throw new ArchiveFormatException("The archive's provenance is invalid: " + e.getMessage(), e);
        }
    }

    static JsonObject stringMap(Map<String, String> m) {
        JsonObject o = new JsonObject();
        m.forEach(o::addProperty);
        return o;
    }

    static JsonObject numberMap(Map<String, Double> m) {
        JsonObject o = new JsonObject();
        // JSON has no NaN/Infinity: such values are written as strings and read back
        m.forEach((k, v) -> o.add(k, Double.isFinite(v) ? new JsonPrimitive(v) : new JsonPrimitive(v.toString())));
        return o;
    }

    static Map<String, String> toStringMap(JsonObject o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsString()));
        return m;
    }

    static Map<String, Double> toNumberMap(JsonObject o) {
        Map<String, Double> m = new LinkedHashMap<>();
        o.entrySet().forEach(e -> {
            JsonPrimitive p = e.getValue().getAsJsonPrimitive();
            m.put(e.getKey(), p.isString() ? Double.valueOf(p.getAsString()) : p.getAsDouble());
        });
        return m;
    }

    static JsonElement require(JsonObject o, String key) throws ArchiveFormatException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new ArchiveFormatException("The archive manifest lacks '" + key + "'");
        }
        return e;
    }

    static String text(JsonObject o, String key) {
        return requireUnchecked(o, key).getAsString();
    }

    static int integer(JsonObject o, String key) {
        return requireUnchecked(o, key).getAsInt();
    }

    static long longValue(JsonObject o, String key) {
        return requireUnchecked(o, key).getAsLong();
    }

    static double number(JsonObject o, String key) {
        return requireUnchecked(o, key).getAsDouble();
    }

    static JsonArray array(JsonObject o, String key) {
        return requireUnchecked(o, key).getAsJsonArray();
    }

    static JsonObject object(JsonObject o, String key) {
        return requireUnchecked(o, key).getAsJsonObject();
    }

    private static JsonElement requireUnchecked(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("missing field '" + key + "'");
        }
        return e;
    }
}

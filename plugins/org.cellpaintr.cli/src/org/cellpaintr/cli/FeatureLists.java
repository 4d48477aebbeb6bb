package org.cellpaintr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.io.ProfileFormatException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;

/** Reads a feature-name list: one name per line, or JSON (an array, or an object with a "features" array). */
final class FeatureLists {

    private FeatureLists() {
    }

    static List<String> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        String trimmed = text.strip();
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            try {
                JsonElement root = JsonParser.parseString(trimmed);
                JsonArray arr = root.isJsonArray() ? root.getAsJsonArray()
                        : root.getAsJsonObject().has("features") ? root.getAsJsonObject().getAsJsonArray("features") : null;
                if (arr == null) {
                    throw new ProfileFormatException(file, "JSON object without a \"features\" array");
                }
                arr.forEach(e -> names.add(e.getAsString()));
            } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
                throw new ProfileFormatException(file, "not a JSON list of feature names: " + e.getMessage(), e);
            }
        } else {
            for (String line : text.split("\\R")) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        }
        if (names.isEmpty()) {
            throw new ProfileFormatException(file, "holds no feature names");
        }
        return names;
    }
}

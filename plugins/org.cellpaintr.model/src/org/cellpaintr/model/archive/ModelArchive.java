package org.cellpaintr.model.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.SourceCodebook;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.cellpaintr.model.nn.ParameterSource;
import org.cellpaintr.model.provenance.Provenance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Reads and writes a model as one file (see docs/model.md, "Model archive"). All integers little-endian:
 * <pre>
 * magic            8 bytes  "CPTRMODL"
 * format version   u32      {@link #FORMAT_VERSION}
 * manifest length  u64      M
 * manifest         M bytes  UTF-8 JSON: format, formatVersion, config, vocabulary, sources, provenance,
 *                           parameters (name + shape), libraryVersions, saved
 * params length    u64      P
 * params           P bytes  u32 count, then per parameter: u32 name length, UTF-8 name, u32 rank,
 *                           rank × u64 dims, product(dims) × float32
 * checksum         32 bytes SHA-256 of every byte before it
 * </pre>
 * Nothing in the file is executed or deserialised into arbitrary classes: the manifest is plain JSON read field by
 * field, the parameters are raw floats. Saving writes a temporary file next to the target, forces it to disk and
 * renames it over the target, so a reader never sees a half-written archive.
 */
public final class ModelArchive {

    /** The format this version writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Value of the manifest's {@code format} field. */
    public static final String FORMAT_NAME = "cellpaintr-model";

    private static final byte[] MAGIC = "CPTRMODL".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 4 + 8;
    private static final int CHECKSUM = 32;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ModelArchive() {
    }

    // ------------------------------------------------------------------ save

    /**
     * Writes {@code model} to {@code target} (atomically replacing an existing file). A model with a NaN or infinite
     * parameter (a diverged training) is refused and an existing file is kept.
     */
    public static void save(CellPainTRModel model, Path target) throws IOException {
        for (Map.Entry<String, float[]> e : model.parameterValues().entrySet()) {
            for (float v : e.getValue()) {
                if (!Float.isFinite(v)) {
                    throw new ArchiveFormatException("Refusing to save a model whose parameter " + e.getKey()
                            + " holds " + v + " (diverged training); " + target + " is left as it was");
                }
            }
        }
        byte[] bytes = toBytes(model);
        org.cellpaintr.engine.util.AtomicFiles.writeBytes(target, bytes);
    }

    /** The archive bytes of {@code model} (float64 models are stored as float32). */
    public static byte[] toBytes(CellPainTRModel model) throws IOException {
        Map<String, Parameter> params = model.namedParameters();
        JsonObject manifest = new JsonObject();
        manifest.addProperty("format", FORMAT_NAME);
        manifest.addProperty("formatVersion", FORMAT_VERSION);
        manifest.add("config", ManifestJson.config(model.config()));
        JsonArray vocab = new JsonArray();
        model.vocabulary().names().forEach(vocab::add);
        manifest.add("vocabulary", vocab);
        JsonArray sources = new JsonArray();
        model.sources().names().forEach(sources::add);
        manifest.add("sources", sources);
        manifest.add("provenance", ManifestJson.provenance(model.provenance()));
        JsonArray shapes = new JsonArray();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            JsonObject p = new JsonObject();
            p.addProperty("name", e.getKey());
            JsonArray dims = new JsonArray();
            for (long d : e.getValue().getShape().getShape()) {
                dims.add(d);
            }
            p.add("shape", dims);
            shapes.add(p);
        }
        manifest.add("parameters", shapes);
        manifest.add("libraryVersions", ManifestJson.stringMap(LibraryVersions.current()));
        manifest.addProperty("saved", Instant.now().toString());
        byte[] json = GSON.toJson(manifest).getBytes(StandardCharsets.UTF_8);

        ByteArrayOutputStream paramBytes = new ByteArrayOutputStream();
        paramBytes.write(le(4).putInt(params.size()).array());
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            long[] dims = e.getValue().getShape().getShape();
            ByteBuffer head = le(4 + name.length + 4 + 8 * dims.length);
            head.putInt(name.length).put(name).putInt(dims.length);
            for (long d : dims) {
                head.putLong(d);
            }
            paramBytes.write(head.array());
            NDArray a = e.getValue().getArray();
            try (NDArray f32 = a.toType(DataType.FLOAT32, true)) {
                float[] values = f32.toFloatArray();
                ByteBuffer data = le(4 * values.length);
                data.asFloatBuffer().put(values);
                paramBytes.write(data.array());
            }
        }
        byte[] p = paramBytes.toByteArray();

        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + json.length + 8 + p.length + CHECKSUM);
        out.write(MAGIC);
        out.write(le(4).putInt(FORMAT_VERSION).array());
        out.write(le(8).putLong(json.length).array());
        out.write(json);
        out.write(le(8).putLong(p.length).array());
        out.write(p);
        byte[] body = out.toByteArray();
        out.write(sha256(body, body.length));
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ load

    /** Reads the archive at {@code path} and builds the model on the chosen device. */
    public static CellPainTRModel load(Path path, DeviceChoice device) throws IOException {
        return load(path, device.resolve());
    }

    /** Reads the archive at {@code path} and builds the model on {@code device}. */
    public static CellPainTRModel load(Path path, Device device) throws IOException {
        Contents c = read(path);
        return CellPainTRModel.assemble(c.config(), c.vocabulary(), new SourceCodebook(c.sources()), c.provenance(),
                c.source(), device, DataType.FLOAT32);
    }

    /** Everything an archive holds, checked but not yet turned into a model. */
    public record Contents(int formatVersion, CellPainTRConfig config, FeatureVocabulary vocabulary,
            List<String> sources, Provenance provenance, Map<String, Shape> shapes, Map<String, float[]> values,
            JsonObject manifest) {

        /** The parameter values as a source for {@link CellPainTRModel#assemble}. */
        public ParameterSource source() {
            return (name, shape, rule) -> {
                float[] v = values.get(name);
                if (v == null) {
                    throw new IllegalArgumentException("The archive has no parameter '" + name
                            + "' that this model needs (made by an incompatible version?)");
                }
                if (!shapes.get(name).equals(shape)) {
                    throw new IllegalArgumentException("Parameter '" + name + "' has shape " + shapes.get(name)
                            + " in the archive but the configuration needs " + shape);
                }
                return v;
            };
        }
    }

    /** Reads and checks an archive without building a model. */
    public static Contents read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new ArchiveFormatException("Model '" + path + "' is a folder, not a model archive file");
        }
        if (!Files.isRegularFile(path)) {
            throw new java.nio.file.NoSuchFileException(path.toString(), null, "no model archive at this path");
        }
        return parse(Files.readAllBytes(path), path.toString());
    }

    /** Parses archive bytes; {@code where} names the file in error messages. */
    public static Contents parse(byte[] b, String where) throws ArchiveFormatException {
        if (b.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(b, MAGIC.length), MAGIC)) {
            throw new ArchiveFormatException(where + " is not a CellPainTR model archive (wrong magic bytes)");
        }
        if (b.length < HEADER) {
            throw truncated(where, HEADER, b.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int version = buf.getInt(MAGIC.length);
        if (version > FORMAT_VERSION) {
            throw new ArchiveFormatException(where + " was written in model archive format " + version
                    + ", which is newer than this version of CellPainTR reads (format " + FORMAT_VERSION
                    + "): update the CellPainTR extension to load it");
        }
        if (version < 1) {
            throw new ArchiveFormatException(where + " has an invalid format version " + version);
        }
        long manifestLength = buf.getLong(MAGIC.length + 4);
        long paramsAt = HEADER + manifestLength;
        if (manifestLength < 0 || paramsAt + 8 > b.length) {
            throw truncated(where, manifestLength < 0 ? Long.MAX_VALUE : paramsAt + 8 + CHECKSUM, b.length);
        }
        long paramLength = buf.getLong((int) paramsAt);
        long expected = paramsAt + 8 + paramLength + CHECKSUM;
        if (paramLength < 0 || expected > b.length) {
            throw truncated(where, paramLength < 0 ? Long.MAX_VALUE : expected, b.length);
        }
        if (expected < b.length) {
            throw new ArchiveFormatException(where + " is corrupted: " + (b.length - expected)
                    + " unexpected bytes after the checksum");
        }
        byte[] stored = Arrays.copyOfRange(b, b.length - CHECKSUM, b.length);
        if (!MessageDigest.isEqual(stored, sha256(b, b.length - CHECKSUM))) {
            throw new ArchiveFormatException(where + " is corrupted: its SHA-256 checksum does not match the "
                    + "content (the file was changed or damaged after it was written)");
        }

        JsonObject manifest;
        try {
            JsonElement e = JsonParser.parseString(new String(b, HEADER, (int) manifestLength,
                    StandardCharsets.UTF_8));
            manifest = e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new ArchiveFormatException(where + " has an unreadable manifest: " + e.getMessage(), e);
        }
        String format = manifest.has("format") ? manifest.get("format").getAsString() : "";
        if (!FORMAT_NAME.equals(format)) {
            throw new ArchiveFormatException(where + " is not a CellPainTR model (format '" + format + "')");
        }
        CellPainTRConfig config = ManifestJson.config(ManifestJson.require(manifest, "config").getAsJsonObject());
        List<String> names = strings(ManifestJson.require(manifest, "vocabulary"));
        List<String> sources = strings(ManifestJson.require(manifest, "sources"));
        Provenance provenance = ManifestJson.provenance(
                ManifestJson.require(manifest, "provenance").getAsJsonObject());
        FeatureVocabulary vocabulary;
        try {
            vocabulary = new FeatureVocabulary(names);
            new SourceCodebook(sources);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException(where + " has an invalid vocabulary or codebook: " + e.getMessage(), e);
        }

        Map<String, Shape> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        ByteBuffer p = ByteBuffer.wrap(b, (int) paramsAt + 8, (int) paramLength).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        try {
            int count = p.getInt();
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[p.getInt()];
                p.get(name);
                int rank = p.getInt();
                if (rank < 0 || rank > 8) {
                    throw new ArchiveFormatException(where + ": parameter " + i + " has rank " + rank);
                }
                long[] dims = new long[rank];
                for (int d = 0; d < rank; d++) {
                    dims[d] = p.getLong();
                }
                Shape shape = new Shape(dims);
                if (shape.size() < 0 || shape.size() * 4 > p.remaining()) {
                    throw new ArchiveFormatException(where + ": parameter " + i + " claims shape " + shape
                            + " but only " + p.remaining() + " bytes remain");
                }
                float[] v = new float[(int) shape.size()];
                p.asFloatBuffer().get(v);
                p.position(p.position() + 4 * v.length);
                String n = new String(name, StandardCharsets.UTF_8);
                shapes.put(n, shape);
                values.put(n, v);
            }
            if (p.hasRemaining()) {
                throw new ArchiveFormatException(where + ": " + p.remaining() + " stray bytes after the parameters");
            }
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new ArchiveFormatException(where + " has a malformed parameter section", e);
        }
        return new Contents(version, config, vocabulary, sources, provenance, shapes, values, manifest);
    }

    private static List<String> strings(JsonElement e) throws ArchiveFormatException {
        if (!e.isJsonArray()) {
            throw new ArchiveFormatException("expected a list of names in the archive manifest");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            out.add(x.getAsString());
        }
        return out;
    }

    private static ArchiveFormatException truncated(String where, long expected, long actual) {
        return new ArchiveFormatException(where + " is truncated: the archive needs "
                + (expected == Long.MAX_VALUE ? "more" : String.valueOf(expected)) + " bytes but the file has "
                + actual + " (an interrupted copy or download?)");
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] sha256(byte[] b, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

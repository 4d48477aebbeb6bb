package org.cellpaintr.model.trainer;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.archive.ArchiveFormatException;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.optim.AdamW;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The state of a stage at the end of an epoch, in one file written atomically (temporary file, fsync, rename):
 * <pre>
 * "CPTRCKPT" | u32 version | u64 n + JSON state | u64 n + model archive bytes | u64 n + optimiser state | SHA-256
 * </pre>
 * JSON state: stage, settings, data fingerprint, epochs done, global step, skipped batches, optimiser step count,
 * elapsed seconds and the log rows so far. Optimiser state: u32 count, then per parameter u32 name length, UTF-8 name,
 * u32 n, n floats m, n floats v (little-endian).
 */
final class Checkpoint {

    private static final byte[] MAGIC = "CPTRCKPT".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    final JsonObject state;
    final ModelArchive.Contents model;
    final Map<String, float[][]> optimizer;

    private Checkpoint(JsonObject state, ModelArchive.Contents model, Map<String, float[][]> optimizer) {
        this.state = state;
        this.model = model;
        this.optimizer = optimizer;
    }

    static void write(Path target, JsonObject state, CellPainTRModel model, AdamW optimizer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.write(le(4).putInt(VERSION).array());
        section(out, state.toString().getBytes(StandardCharsets.UTF_8));
        section(out, ModelArchive.toBytes(model));
        ByteArrayOutputStream opt = new ByteArrayOutputStream();
        Map<String, float[][]> st = optimizer.exportState();
        opt.write(le(4).putInt(st.size()).array());
        for (Map.Entry<String, float[][]> e : st.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            float[] m = e.getValue()[0];
            float[] v = e.getValue()[1];
            ByteBuffer b = le(4 + name.length + 4 + 8 * m.length);
            b.putInt(name.length).put(name).putInt(m.length);
            b.asFloatBuffer().put(m).put(v);
            opt.write(b.array());
        }
        section(out, opt.toByteArray());
        byte[] body = out.toByteArray();
        out.write(sha256(body, body.length));
        byte[] bytes = out.toByteArray();

        org.cellpaintr.engine.util.AtomicFiles.writeBytes(target, bytes);
    }

    static Checkpoint read(Path path) throws IOException {
        byte[] b = Files.readAllBytes(path);
        String where = "Checkpoint " + path;
        if (b.length < MAGIC.length + 4 + 32 || !Arrays.equals(Arrays.copyOf(b, MAGIC.length), MAGIC)) {
            throw new ArchiveFormatException(where + " is not a CellPainTR checkpoint (or is truncated)");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(b, b.length - 32, b.length), sha256(b, b.length - 32))) {
            throw new ArchiveFormatException(where + " is corrupted or truncated (checksum mismatch)");
        }
        ByteBuffer buf = ByteBuffer.wrap(b, 0, b.length - 32).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        int version = buf.getInt();
        if (version != VERSION) {
            throw new ArchiveFormatException(where + " has checkpoint format " + version + "; this version reads "
                    + VERSION);
        }
        JsonObject state = JsonParser.parseString(new String(next(buf), StandardCharsets.UTF_8)).getAsJsonObject();
        ModelArchive.Contents model = ModelArchive.parse(next(buf), where);
        ByteBuffer opt = ByteBuffer.wrap(next(buf)).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, float[][]> optimizer = new LinkedHashMap<>();
        int count = opt.getInt();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[opt.getInt()];
            opt.get(name);
            int n = opt.getInt();
            float[] m = new float[n];
            float[] v = new float[n];
            opt.asFloatBuffer().get(m).get(v);
            opt.position(opt.position() + 8 * n);
            optimizer.put(new String(name, StandardCharsets.UTF_8), new float[][] {m, v});
        }
        return new Checkpoint(state, model, optimizer);
    }

    static JsonArray logJson(List<LogRow> rows) {
        JsonArray a = new JsonArray();
        for (LogRow r : rows) {
            JsonObject o = new JsonObject();
            o.addProperty("kind", r.kind());
            // as text: JSON has no NaN (SupCon is NaN in stage 1), and Double.toString round-trips exactly
            r.numbers().forEach((k, v) -> o.addProperty(k, v.toString()));
            a.add(o);
        }
        return a;
    }

    static List<LogRow> logRows(JsonArray a, String stage) {
        List<LogRow> out = new ArrayList<>();
        for (JsonElement e : a) {
            JsonObject o = e.getAsJsonObject();
            out.add(new LogRow(stage, o.get("kind").getAsString(), (int) d(o, "epoch"), (long) d(o, "step"),
                    d(o, "total"), d(o, "maskedMse"), d(o, "supCon"), d(o, "learningRate"), (int) d(o, "skipped"),
                    d(o, "seconds")));
        }
        return out;
    }

    private static double d(JsonObject o, String k) {
        return Double.parseDouble(o.get(k).getAsString());
    }

    private static byte[] next(ByteBuffer buf) throws ArchiveFormatException {
        long n = buf.getLong();
        if (n < 0 || n > buf.remaining()) {
            throw new ArchiveFormatException("checkpoint section length " + n + " exceeds the file");
        }
        byte[] out = new byte[(int) n];
        buf.get(out);
        return out;
    }

    private static void section(ByteArrayOutputStream out, byte[] data) throws IOException {
        out.write(le(8).putLong(data.length).array());
        out.write(data);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] sha256(byte[] b, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

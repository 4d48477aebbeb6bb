package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.FeatureVocabulary;
import org.cellpaintr.model.config.CellPainTRConfig;
import org.cellpaintr.model.device.DeviceChoice;
import org.junit.jupiter.api.Test;

/**
 * Tensors made from Java data own their memory, so the garbage collector can never free memory libtorch still uses
 * (the use-after-free behind a SIGSEGV in libtorch's backward pass).
 */
class TensorOwnershipTest {

    private static final CellPainTRConfig TINY = CellPainTRConfig.builder().dModel(8).layers(1).filterWidth(8)
            .mlpWidth(16).build();

    /** Frees every unreachable direct buffer and hands the freed native memory out again, filled with junk. */
    private static void churnNativeMemory() throws InterruptedException {
        for (int round = 0; round < 6; round++) {
            System.gc();
            Thread.sleep(50);
            List<ByteBuffer> junk = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4096 * (1 + i % 16));
                while (b.hasRemaining()) {
                    b.put((byte) 0x7f);
                }
                junk.add(b);
            }
        }
    }

    @Test
    void parametersKeepTheirValuesAfterBeingReplacedAndCollected() throws Exception {
        List<String> features = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            features.add("Cells_F" + i);
        }
        try (CellPainTRModel m = CellPainTRModel.create(TINY, new FeatureVocabulary(features), List.of("s"), 3,
                DeviceChoice.cpu())) {
            Map<String, float[]> wanted = m.parameterValues();
            for (float[] v : wanted.values()) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) Math.sin(i + v.length); // differs from the initial values, finite, known
                }
            }
            m.copyParameters(wanted);
            churnNativeMemory();
            Map<String, float[]> now = m.parameterValues();
            for (String name : wanted.keySet()) {
                assertArrayEquals(wanted.get(name), now.get(name), name);
            }
        }
    }

    /** The by-construction rule: no tensor of the model bundle is made from Java data except by OwnedTensors. */
    @Test
    void onlyOwnedTensorsCreatesTensorsFromJavaData() throws IOException {
        String dir = System.getProperty("cellpaintr.repo.dir");
        Path src = (dir != null ? Path.of(dir) : Path.of("../..")).resolve("plugins/org.cellpaintr.model/src");
        Pattern create = Pattern.compile("\\b(\\w*[mM]anager(\\(\\))?|m)\\.create\\(");
        List<String> offenders = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : all.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                if (p.getFileName().toString().equals("OwnedTensors.java")) {
                    continue;
                }
                Matcher matcher = create.matcher(Files.readString(p));
                while (matcher.find()) {
                    offenders.add(src.relativize(p) + ": " + matcher.group());
                }
            }
        }
        assertEquals(List.of(), offenders);
        assertEquals(true, files > 50, "the model sources were found");
    }
}

package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.cellpaintr.model.nn.OwnedTensors;
import org.cellpaintr.thirdparty.Runtimes;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Tensors made from Java data own their memory, so the garbage collector can never free memory libtorch still uses
 * (the use-after-free behind a SIGSEGV in libtorch's backward pass).
 */
class TensorOwnershipTest {


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

    /**
     * A view of a tensor made from Java data, used after the tensor's own handle was closed, as the forward pass does
     * when it closes intermediates that autograd still needs for the backward pass. With DJL's plain
     * {@code m.create(values, shape)} in place of {@code OwnedTensors.of} this test fails: the view reads the junk
     * 0x7f7f7f7f (3.3961514E38) that {@link #churnNativeMemory} wrote into the freed buffer.
     */
    @Test
    void aViewOutlivesTheClosedHandleOfATensorMadeFromJavaData() throws Exception {
        float[] values = new float[1 << 16];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i);
        }
        try (NDManager m = Runtimes.pytorch().newBaseManager()) {
            List<NDArray> views = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                NDArray made = OwnedTensors.of(m, values, new Shape(256, 256));
                views.add(made.expandDims(0)); // a view: shares the storage of made
                made.close();
            }
            churnNativeMemory();
            for (NDArray v : views) {
                assertArrayEquals(values, v.toFloatArray());
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

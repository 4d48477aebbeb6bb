package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;

import org.cellpaintr.engine.table.Allocators;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.junit.jupiter.api.Test;

class FeatureMatrixTest {

    /** 3 columns, chunks of 2 rows (24 bytes): rows 0-1, 2-3, 4. */
    private static FeatureMatrix smallChunks() {
        FeatureMatrix.Builder b = FeatureMatrix.builder(3, 24);
        for (int r = 0; r < 5; r++) {
            b.appendRow(new float[] {r, 10 * r, 100 * r});
        }
        return b.build();
    }

    @Test
    void rowsSurviveChunkBoundaries() {
        try (FeatureMatrix m = smallChunks()) {
            assertEquals(5, m.rows());
            assertEquals(3, m.columns());
            for (int r = 0; r < 5; r++) {
                assertArrayEquals(new float[] {r, 10 * r, 100 * r}, m.readRow(r));
            }
            float[] all = new float[15];
            m.readRows(1, 3, new float[9]);
            m.readRows(0, 5, all);
            assertEquals(40f, all[3 * 4 + 1]);
        }
    }

    @Test
    void contiguousViewOnlyInsideOneChunk() {
        try (FeatureMatrix m = smallChunks()) {
            ByteBuffer inside = m.contiguousRows(2, 2);
            assertNotNull(inside);
            assertEquals(2f, inside.asFloatBuffer().get(0));
            assertEquals(300f, inside.asFloatBuffer().get(5));
            assertNull(m.contiguousRows(1, 2), "rows 1 and 2 lie in different chunks");
        }
    }

    @Test
    void columnBlocksReadAndWriteBack() {
        try (FeatureMatrix m = smallChunks()) {
            int[] rows = {4, 0, 3};
            float[][] block = new float[2][3];
            m.readColumnBlock(rows, 1, 2, block);
            assertArrayEquals(new float[] {40, 0, 30}, block[0]);
            assertArrayEquals(new float[] {400, 0, 300}, block[1]);
            block[1][2] = -1;
            m.writeColumnBlock(rows, 1, 2, block);
            assertEquals(-1f, m.get(3, 2));
            assertEquals(30f, m.get(3, 1));
        }
    }

    @Test
    void selectColumnsZeroPadsMissing() {
        try (FeatureMatrix m = smallChunks(); FeatureMatrix s = m.selectColumns(new int[] {2, -1, 0})) {
            assertArrayEquals(new float[] {300, 0, 3}, s.readRow(3));
        }
    }

    @Test
    void memoryIsOffHeapAndReleasedOnClose() {
        long before = Allocators.allocatedBytes();
        FeatureMatrix m = FeatureMatrix.zeros(1000, 250);
        long needed = 1000L * 250 * 4;
        // small tables grow their chunk by doubling, so at most about twice what they hold (Arrow rounds up too)
        org.junit.jupiter.api.Assertions.assertTrue(m.bytes() >= needed && m.bytes() <= 2.2 * needed, "bytes " + m.bytes());
        m.close();
        assertEquals(before, Allocators.allocatedBytes());
    }

    @Test
    void outOfRangeAccessIsRejected() {
        try (FeatureMatrix m = smallChunks()) {
            assertThrows(IndexOutOfBoundsException.class, () -> m.get(5, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, 3));
        }
    }

    @Test
    void exactDuplicateRowsOfTheShippedCpjump1FileAreFound() throws Exception {
        try (org.cellpaintr.engine.table.ProfileTable t = org.cellpaintr.engine.io.ProfileFiles.read(
                TestData.example(TestData.CPJUMP1))) {
            int[] keep = org.cellpaintr.engine.table.DuplicateRows.firstOccurrences(t);
            // the data README: every row appears twice, 1,593 distinct wells
            assertEquals(3186, t.rowCount());
            assertEquals(1593, keep.length);
            java.util.Set<String> wells = new java.util.HashSet<>();
            for (int r : keep) {
                wells.add(t.column("Metadata_Plate").orElseThrow().text(r) + "/" + t.column("Metadata_Well").orElseThrow().text(r));
            }
            assertEquals(1593, wells.size(), "one row per plate and well");
        }
        // rows equal in features but not in metadata are distinct wells
        try (org.cellpaintr.engine.table.ProfileTable t = TestData.table(new String[] {"p1", "p2", "p1"}, null,
                new String[] {"Cells_A"}, new float[][] {{1, 1, 1}})) {
            assertArrayEquals(new int[] {0, 1}, org.cellpaintr.engine.table.DuplicateRows.firstOccurrences(t));
        }
    }
}

package org.cellpaintr.knime.tests.templates;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A workflow folder as a {@code .knwf}: a plain ZIP whose single top-level folder is the workflow folder, which
 * KNIME's File > Import KNIME Workflow reads. Entries are sorted and carry a fixed time, so the same folder always
 * gives the same entries.
 */
public final class KnwfZip {

    private static final FileTime FIXED = FileTime.fromMillis(1767225600000L); // 2026-01-01T00:00:00Z

    private KnwfZip() {
    }

    public static Path zip(Path workflowDir, Path knwf) throws IOException {
        Files.createDirectories(knwf.getParent());
        Path tmp = knwf.resolveSibling(knwf.getFileName() + ".tmp");
        String top = workflowDir.getFileName().toString();
        List<Path> files;
        try (Stream<Path> s = Files.walk(workflowDir)) {
            files = s.sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Path p : files) {
                String rel = workflowDir.relativize(p).toString().replace('\\', '/');
                boolean dir = Files.isDirectory(p);
                String name = top + "/" + (rel.isEmpty() ? "" : rel + (dir ? "/" : ""));
                ZipEntry e = new ZipEntry(name);
                e.setLastModifiedTime(FIXED);
                z.putNextEntry(e);
                if (!dir) {
                    Files.copy(p, z);
                }
                z.closeEntry();
            }
        }
        Files.move(tmp, knwf, StandardCopyOption.REPLACE_EXISTING);
        return knwf;
    }
}

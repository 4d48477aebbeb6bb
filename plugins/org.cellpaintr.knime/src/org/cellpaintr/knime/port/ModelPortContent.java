package org.cellpaintr.knime.port;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.cellpaintr.model.CellPainTRModel;
import org.cellpaintr.model.archive.ModelArchive;
import org.cellpaintr.model.device.DeviceChoice;

/**
 * The content of a model port: the model archive bytes (the same bytes {@code cellpaintr train --model-out} writes)
 * and their description. Its saved form in a workflow is one zip entry holding exactly the archive, so a model saved
 * with a workflow is a model file. KNIME-free: the port object's serializer only hands it the zip stream.
 */
public final class ModelPortContent {

    /** The zip entry of the port object's saved form. */
    public static final String ARCHIVE_ENTRY = "model.cellpaintr";
    /** The zip entry of the port spec's saved form. */
    public static final String SPEC_ENTRY = "spec.xml";

    private final byte[] archive;
    private final ModelDescription description;

    private ModelPortContent(byte[] archive, ModelDescription description) {
        this.archive = archive;
        this.description = description;
    }

    /** Checks the archive (magic, version, checksum) and describes it. */
    public static ModelPortContent of(byte[] archive, String where) throws IOException {
        return new ModelPortContent(archive.clone(), ModelDescription.of(ModelArchive.parse(archive, where)));
    }

    public static ModelPortContent of(CellPainTRModel model) throws IOException {
        return of(ModelArchive.toBytes(model), "the trained model");
    }

    public static ModelPortContent read(Path file) throws IOException {
        return of(Files.readAllBytes(file), file.toString());
    }

    public ModelDescription description() {
        return description;
    }

    /** A copy of the archive bytes. */
    public byte[] archive() {
        return archive.clone();
    }

    public int archiveSize() {
        return archive.length;
    }

    /** Builds the model on a device (the caller closes it). */
    public CellPainTRModel load(DeviceChoice device) throws IOException {
        Path tmp = Files.createTempFile("cellpaintr-port-", ".model");
        try {
            Files.write(tmp, archive);
            return ModelArchive.load(tmp, device);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the saved form: one entry holding the archive. */
    public void writeTo(ZipOutputStream out) throws IOException {
        out.putNextEntry(new ZipEntry(ARCHIVE_ENTRY));
        out.write(archive);
        out.closeEntry();
    }

    public static ModelPortContent readFrom(ZipInputStream in) throws IOException {
        ZipEntry e = in.getNextEntry();
        if (e == null || !ARCHIVE_ENTRY.equals(e.getName())) {
            throw new IOException("saved CellPainTR model port: expected entry " + ARCHIVE_ENTRY + ", found "
                    + (e == null ? "nothing" : e.getName()));
        }
        return of(ModelDescription.readAll(in), "the saved model port");
    }

    public static void writeSpec(ModelDescription d, ZipOutputStream out) throws IOException {
        out.putNextEntry(new ZipEntry(SPEC_ENTRY));
        out.write(d.toBytes());
        out.closeEntry();
    }

    public static ModelDescription readSpec(ZipInputStream in) throws IOException {
        ZipEntry e = in.getNextEntry();
        if (e == null || !SPEC_ENTRY.equals(e.getName())) {
            throw new IOException("saved CellPainTR model spec: expected entry " + SPEC_ENTRY);
        }
        return ModelDescription.fromBytes(ModelDescription.readAll(in));
    }

    /** Writes the archive to a file atomically (the Model Writer). */
    public void writeFile(Path target, boolean overwrite) throws IOException {
        if (!overwrite && Files.exists(target)) {
            throw new IOException("'" + target + "' exists; tick overwrite to replace it");
        }
        org.cellpaintr.engine.util.AtomicFiles.writeBytes(target, archive);
    }
}

// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.util;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

public final class FileUtil {

    private FileUtil() {
    }

    public static Path resolveToPath(final URL url) throws IOException, URISyntaxException {
        throw new UnsupportedOperationException();
    }
}

// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node.port;

import java.io.InputStream;
import java.util.zip.ZipInputStream;

public class PortObjectZipInputStream extends ZipInputStream {

    PortObjectZipInputStream(final InputStream inStream) {
        super(inStream);
        throw new UnsupportedOperationException();
    }
}

// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node;

import org.knime.core.node.config.ConfigWO;

public interface NodeSettingsWO extends ConfigWO {
}

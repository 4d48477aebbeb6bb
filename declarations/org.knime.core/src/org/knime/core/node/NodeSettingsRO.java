// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node;

import org.knime.core.node.config.ConfigRO;

public interface NodeSettingsRO extends ConfigRO {
}

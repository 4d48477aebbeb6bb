// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node.config;

import org.knime.core.node.config.base.ConfigBaseWO;

public interface ConfigWO extends ConfigBaseWO {
}

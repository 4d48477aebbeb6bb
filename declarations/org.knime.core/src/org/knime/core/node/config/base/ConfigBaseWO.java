// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node.config.base;

public interface ConfigBaseWO {

    public void addInt(final String key, final int value);

    public void addLong(final String key, final long value);

    public void addDouble(final String key, final double value);

    public void addBoolean(final String key, final boolean value);

    public void addString(final String key, final String value);

    public void addStringArray(final String key, final String... values);
}

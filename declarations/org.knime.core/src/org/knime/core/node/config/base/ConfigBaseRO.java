// Declaration of a KNIME Analytics Platform API member used by org.cellpaintr.knime (compile only, never shipped).
package org.knime.core.node.config.base;

import org.knime.core.node.InvalidSettingsException;

public interface ConfigBaseRO {

    public boolean containsKey(final String key);

    public int getInt(final String key) throws InvalidSettingsException;

    public long getLong(final String key) throws InvalidSettingsException;

    public double getDouble(final String key) throws InvalidSettingsException;

    public boolean getBoolean(final String key) throws InvalidSettingsException;

    public String getString(final String key) throws InvalidSettingsException;

    public String[] getStringArray(final String key) throws InvalidSettingsException;
}

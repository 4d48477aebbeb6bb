package org.cellpaintr.knime.base;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.cellpaintr.engine.op.CanceledException;
import org.cellpaintr.engine.op.Progress;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.ExecutionMonitor;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.NodeModel;
import org.knime.core.node.NodeSettingsRO;
import org.knime.core.node.NodeSettingsWO;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/**
 * What every CellPainTR node model does the same way: settings saved and loaded through the node's
 * {@link NodeSettingsLayout}, setting errors shown at configure time with the key they concern, progress and
 * cancellation passed to the operation, engine warnings shown as the node's warning, and cancellation reported as
 * KNIME's. Subclasses only connect ports to one operation.
 */
public abstract class CellPainTRNodeModel extends NodeModel {

    private final NodeSettingsLayout layout;
    private SettingsTree settings;

    protected CellPainTRNodeModel(PortType[] in, PortType[] out, NodeSettingsLayout layout) {
        super(in, out);
        this.layout = layout;
        this.settings = layout.defaults();
    }

    /** Output specs from input specs; null entries mean "known after execution". */
    protected abstract PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException;

    /** Runs the operation; adds what the user should know to {@code warnings}. */
    protected abstract PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s,
            List<String> warnings) throws Exception;

    protected final NodeSettingsLayout layout() {
        return layout;
    }

    protected static Progress progress(ExecutionMonitor exec) {
        return new ExecutionProgress(exec);
    }

    @Override
    protected final PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        try {
            return configure(inSpecs, settings);
        } catch (SettingsException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }

    @Override
    protected final PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        List<String> warnings = new ArrayList<>();
        try {
            PortObject[] out = execute(inObjects, exec, settings, warnings);
            if (!warnings.isEmpty()) {
                setWarningMessage(String.join("\n", warnings));
            }
            return out;
        } catch (CanceledException e) {
            throw new CanceledExecutionException(e.getMessage());
        } catch (SettingsException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }

    @Override
    protected final void saveSettingsTo(NodeSettingsWO out) {
        NodeSettingsAdapter.save(settings, out);
    }

    @Override
    protected final void validateSettings(NodeSettingsRO in) throws InvalidSettingsException {
        read(in);
    }

    @Override
    protected final void loadValidatedSettingsFrom(NodeSettingsRO in) throws InvalidSettingsException {
        settings = read(in);
    }

    private SettingsTree read(NodeSettingsRO in) throws InvalidSettingsException {
        try {
            return layout.validate(NodeSettingsAdapter.load(in, layout.defaults()));
        } catch (SettingsException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }

    @Override
    protected void reset() {
        // nothing is kept between executions
    }

    @Override
    protected void loadInternals(File nodeInternDir, ExecutionMonitor exec) {
        // no internals: outputs are the port objects
    }

    @Override
    protected void saveInternals(File nodeInternDir, ExecutionMonitor exec) {
        // no internals: outputs are the port objects
    }
}

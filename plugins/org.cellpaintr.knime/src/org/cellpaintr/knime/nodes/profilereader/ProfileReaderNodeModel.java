package org.cellpaintr.knime.nodes.profilereader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cellpaintr.engine.io.ProfileFolder;
import org.cellpaintr.engine.io.ReaderCodec;
import org.cellpaintr.engine.io.ReaderSettings;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.base.CellPainTRNodeModel;
import org.cellpaintr.knime.base.TableAdapter;
import org.cellpaintr.knime.nodes.NodeCatalog;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/** Profile Reader: a profile file or a folder of per-plate files into a KNIME table. */
final class ProfileReaderNodeModel extends CellPainTRNodeModel {

    static final NodeSettingsLayout LAYOUT = NodeCatalog.PROFILE_READER.layout();

    ProfileReaderNodeModel() {
        super(new PortType[0], new PortType[] {BufferedDataTable.TYPE}, LAYOUT);
    }

    private static Path input(SettingsTree s) throws SettingsException {
        ReaderSettings r = LAYOUT.decode(s);
        if (r.input().isEmpty()) {
            throw new SettingsException(ReaderCodec.INPUT, "choose a profile file or a folder of per-plate files");
        }
        Path p = Path.of(r.input());
        if (!Files.exists(p)) {
            throw new SettingsException(ReaderCodec.INPUT, "'" + p + "' does not exist");
        }
        return p;
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] in, SettingsTree s) throws SettingsException {
        input(s);
        return new PortObjectSpec[] {null}; // the columns are known once the file is read
    }

    @Override
    protected PortObject[] execute(PortObject[] in, ExecutionContext exec, SettingsTree s, List<String> warnings)
            throws Exception {
        ReaderSettings r = LAYOUT.decode(s);
        try (ProfileTable t = ProfileFolder.read(input(s), r.rule(), progress(exec))) {
            if (t.features().isEmpty()) {
                warnings.add("no column was recognised as a feature; set feature-include or feature-pattern");
            }
            return new PortObject[] {TableAdapter.write(t, null, exec)};
        }
    }
}

package org.cellpaintr.knime.base;

import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextField;

import org.cellpaintr.engine.settings.SettingValue;
import org.cellpaintr.engine.settings.SettingsTree;
import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.knime.settings.NodeSettingsLayout;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.NodeDialogPane;
import org.knime.core.node.NodeSettingsRO;
import org.knime.core.node.NodeSettingsWO;
import org.knime.core.node.NotConfigurableException;
import org.knime.core.node.port.PortObjectSpec;

/**
 * A dialog with one field per saved key (a check box for true/false, a text field otherwise; lists comma-separated),
 * labelled with the key, i.e. the command-line option of the same name described in the node description. Closing
 * it validates through the node's layout, so a bad value is refused with the key it concerns. Every key can also be
 * set by a flow variable (KNIME's flow-variable tab of every dialog).
 */
public class SettingsDialog extends NodeDialogPane {

    private final NodeSettingsLayout layout;
    private final Map<String, JComponent> fields = new LinkedHashMap<>();

    protected SettingsDialog(NodeSettingsLayout layout) {
        this.layout = layout;
        JPanel panel = new JPanel(new GridBagLayout());
        GridBagConstraints g = new GridBagConstraints();
        g.insets = new Insets(2, 4, 2, 4);
        g.anchor = GridBagConstraints.WEST;
        int row = 0;
        for (var e : layout.defaults().asMap().entrySet()) {
            if (e.getKey().equals(SettingsTree.VERSION_KEY)) {
                continue;
            }
            JComponent field = e.getValue().type() == SettingValue.Type.BOOLEAN ? new JCheckBox() : new JTextField(30);
            fields.put(e.getKey(), field);
            g.gridy = row++;
            g.gridx = 0;
            panel.add(new JLabel(e.getKey()), g);
            g.gridx = 1;
            panel.add(field, g);
        }
        addTab("Settings", new JScrollPane(panel));
    }

    @Override
    protected void loadSettingsFrom(NodeSettingsRO settings, PortObjectSpec[] specs) throws NotConfigurableException {
        SettingsTree t;
        try {
            t = NodeSettingsAdapter.load(settings, layout.defaults()).over(layout.defaults());
        } catch (InvalidSettingsException | SettingsException e) {
            t = layout.defaults();
        }
        for (var e : fields.entrySet()) {
            SettingValue v = t.asMap().get(e.getKey());
            if (e.getValue() instanceof JCheckBox box) {
                box.setSelected(Boolean.TRUE.equals(v.value()));
            } else {
                ((JTextField) e.getValue()).setText(v.text());
            }
        }
    }

    @Override
    protected void saveSettingsTo(NodeSettingsWO settings) throws InvalidSettingsException {
        SettingsTree typed = new SettingsTree();
        SettingsTree defaults = layout.defaults();
        for (var e : fields.entrySet()) {
            String key = e.getKey();
            if (e.getValue() instanceof JCheckBox box) {
                typed.put(key, box.isSelected());
            } else {
                String text = ((JTextField) e.getValue()).getText();
                if (defaults.asMap().get(key).type() == SettingValue.Type.STRINGS) {
                    List<String> list = new ArrayList<>();
                    Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(list::add);
                    typed.put(key, list);
                } else {
                    typed.put(key, text.strip());
                }
            }
        }
        try {
            NodeSettingsAdapter.save(layout.validate(typed), settings);
        } catch (SettingsException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }
}

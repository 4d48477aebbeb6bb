package org.cellpaintr.knime.tests.templates;

import java.util.List;
import java.util.Map;

import org.cellpaintr.engine.settings.SettingsTree;

/**
 * The KNIME AP nodes the templates use, all shipped with every KNIME Analytics Platform install, with the input ports
 * they have by default and the only settings the templates write for them. Factory names and settings keys are
 * those of KNIME's public sources (knime/knime-base); where those sources do not show a node's keys, the template
 * leaves its settings empty and the user picks the columns in the node's dialog.
 */
public final class KnimeNodes {

    static final TemplateNode.ProvidingBundle BASE = new TemplateNode.ProvidingBundle("KNIME Base Nodes",
            "org.knime.base", "KNIME AG, Zurich, Switzerland", null, null, null, null, null);
    static final TemplateNode.ProvidingBundle BASE_VIEWS = new TemplateNode.ProvidingBundle("KNIME Base Views",
            "org.knime.base.views", "KNIME AG, Zurich, Switzerland", null, null, null, null, null);

    /**
     * Concatenate: its ports group "input" starts with two tables (more can be added in AP), one output. Its model
     * reads intersection_of_columns, fail_on_duplicates, append_suffix, suffix and enable_hiliting
     * (AppendedRowsNodeModel#loadValidatedSettingsFrom).
     */
    public static final String CONCATENATE = "org.knime.base.node.preproc.append.row.AppendedRowsNodeFactory";
    /** The modern Bar Chart view (one input table). */
    public static final String BAR_CHART = "org.knime.base.views.node.barchart.BarChartNodeFactory";
    /** The modern Scatter Plot view (one input table). */
    public static final String SCATTER_PLOT = "org.knime.base.views.node.scatterplot.ScatterPlotNodeFactory";

    /** Input data ports (the flow-variable port 0 not counted) of each KNIME node used. */
    public static final Map<String, List<Port>> INPUTS = Map.of(
            CONCATENATE, List.of(Port.table(), Port.table()),
            BAR_CHART, List.of(Port.table()),
            SCATTER_PLOT, List.of(Port.table()));

    /** Output data ports of each KNIME node used (only Concatenate's is connected). */
    public static final Map<String, List<Port>> OUTPUTS = Map.of(
            CONCATENATE, List.of(Port.table()),
            BAR_CHART, List.of(),
            SCATTER_PLOT, List.of());

    /** The settings keys each KNIME node's model gets in the templates. */
    public static final Map<String, java.util.Set<String>> KEYS = Map.of(
            CONCATENATE, java.util.Set.of("intersection_of_columns", "fail_on_duplicates", "append_suffix", "suffix",
                    "enable_hiliting"),
            BAR_CHART, java.util.Set.of(),
            SCATTER_PLOT, java.util.Set.of());

    private KnimeNodes() {
    }

    /** Rows of all inputs in one table; row keys kept (the score tables' keys are the representation names). */
    static TemplateNode concatenate(int id, String description, int x, int y) {
        SettingsTree model = new SettingsTree().put("intersection_of_columns", false).put("fail_on_duplicates", false)
                .put("append_suffix", true).put("suffix", "_dup").put("enable_hiliting", false);
        return new TemplateNode(id, "Concatenate", CONCATENATE, BASE, model, description, x, y, 1);
    }

    static TemplateNode barChart(int id, String description, int x, int y) {
        return new TemplateNode(id, "Bar Chart", BAR_CHART, BASE_VIEWS, null, description, x, y, 0);
    }

    static TemplateNode scatterPlot(int id, String description, int x, int y) {
        return new TemplateNode(id, "Scatter Plot", SCATTER_PLOT, BASE_VIEWS, null, description, x, y, 0);
    }
}

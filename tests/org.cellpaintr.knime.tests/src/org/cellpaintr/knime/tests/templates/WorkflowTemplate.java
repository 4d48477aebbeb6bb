package org.cellpaintr.knime.tests.templates;

import java.util.List;
import java.util.Optional;

/** One workflow template: its folder name, what it does, its nodes, connections and bundled data. */
public record WorkflowTemplate(String name, String description, List<TemplateNode> nodes,
        List<Connection> connections, List<DataFile> data) {

    public Optional<TemplateNode> node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst();
    }
}

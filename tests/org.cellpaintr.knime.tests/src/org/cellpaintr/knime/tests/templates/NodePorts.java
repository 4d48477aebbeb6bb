package org.cellpaintr.knime.tests.templates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cellpaintr.knime.nodes.NodeCatalog;

/**
 * The ports of a CellPainTR node as its NodeModel declares them, read from the model's source: the node classes
 * cannot be constructed in the tests (KNIME's classes are declarations there), and a second hand-written list could
 * drift from the nodes, which is what the template connection check must not do.
 */
public record NodePorts(List<Port> inputs, List<Port> outputs) {

    private static final Pattern SUPER = Pattern.compile("super\\((.*?)LAYOUT\\);", Pattern.DOTALL);
    private static final Pattern ARRAY = Pattern.compile("new PortType\\[(?:0\\]|\\]\\s*\\{([^}]*)\\})");

    public static NodePorts of(NodeCatalog node, Path repoRoot) throws IOException {
        String model = node.factoryClass().replace('.', '/').replaceAll("Factory$", "Model") + ".java";
        String src = Files.readString(repoRoot.resolve("plugins/org.cellpaintr.knime/src").resolve(model));
        Matcher s = SUPER.matcher(src);
        if (!s.find()) {
            throw new IOException(model + ": no super(in ports, out ports, LAYOUT) call");
        }
        Matcher a = ARRAY.matcher(s.group(1));
        List<List<Port>> arrays = new ArrayList<>();
        while (a.find()) {
            arrays.add(ports(a.group(1), model));
        }
        if (arrays.size() != 2) {
            throw new IOException(model + ": expected two port type arrays, found " + arrays.size());
        }
        return new NodePorts(arrays.get(0), arrays.get(1));
    }

    private static List<Port> ports(String list, String where) throws IOException {
        List<Port> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (String t : list.split(",")) {
            String type = t.strip();
            boolean optional = type.endsWith(".TYPE_OPTIONAL");
            if (type.startsWith("BufferedDataTable.")) {
                out.add(new Port(PortKind.TABLE, optional));
            } else if (type.startsWith("CellPainTRModelPortObject.")) {
                out.add(new Port(PortKind.MODEL, optional));
            } else {
                throw new IOException(where + ": unknown port type '" + type + "'");
            }
        }
        return out;
    }
}

package org.cellpaintr.engine.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.cellpaintr.engine.table.SettingsException;
import org.cellpaintr.engine.util.AtomicFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads and writes a {@link SettingsTree} in KNIME's settings file format (the XMLConfig 2008/09 layout of every
 * {@code settings.xml} in a saved workflow): {@code <entry key=".." type="xstring" value=".."/>} per value, a
 * {@code <config>} with {@code array-size} and entries {@code 0..n-1} per list. Reading also accepts a node's whole
 * {@code settings.xml} and then takes its {@code model} sub-config, so the command line can run with the settings of a
 * node copied out of a workflow.
 */
public final class SettingsXml {

    public static final String NAMESPACE = "http://www.knime.org/2008/09/XMLConfig";
    private static final String SCHEMA = NAMESPACE + " http://www.knime.org/XMLConfig_2008_09.xsd";
    private static final String ARRAY_SIZE = "array-size";

    private SettingsXml() {
    }

    public static void write(SettingsTree tree, Path file) throws IOException {
        byte[] bytes = toXml(tree, "settings.xml").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeBytes(file, bytes);
    }

    public static void write(SettingsTree tree, OutputStream out) throws IOException {
        out.write(toXml(tree, "settings.xml").getBytes(StandardCharsets.UTF_8));
    }

    public static SettingsTree read(Path file) throws IOException, SettingsException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static SettingsTree read(InputStream in, String where) throws IOException, SettingsException {
        Document d;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            d = f.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(where + ": not a settings file (" + e.getMessage() + ")", e);
        }
        Element root = d.getDocumentElement();
        if (!"config".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
            throw new IOException(where + ": not a KNIME settings file (root element must be <config> in "
                    + NAMESPACE + ")");
        }
        Element model = child(root, "config", "model");
        return fromConfig(model != null && child(root, "entry", "factory") != null ? model : root, where);
    }

    private static SettingsTree fromConfig(Element config, String where) throws SettingsException {
        SettingsTree t = new SettingsTree();
        for (Node n = config.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            String key = e.getAttribute("key");
            if ("entry".equals(e.getLocalName())) {
                t.put(key, entry(e, where));
            } else if ("config".equals(e.getLocalName())) {
                t.put(key, SettingValue.of(array(e, key, where)));
            }
        }
        return t;
    }

    private static SettingValue entry(Element e, String where) throws SettingsException {
        String key = e.getAttribute("key");
        String type = e.getAttribute("type");
        boolean isNull = "true".equals(e.getAttribute("isnull"));
        String v = unescape(e.getAttribute("value"));
        try {
            switch (type) {
                case "xstring":
                    return SettingValue.of(isNull ? null : v);
                case "xint":
                    return SettingValue.of(Integer.parseInt(v));
                case "xlong":
                    return SettingValue.of(Long.parseLong(v));
                case "xdouble":
                    return SettingValue.of(Double.parseDouble(v));
                case "xboolean":
                    return SettingValue.of(Boolean.parseBoolean(v));
                default:
                    throw new SettingsException(key, "type '" + type + "' in " + where + " is not used by CellPainTR settings");
            }
        } catch (NumberFormatException ex) {
            throw new SettingsException(key, "'" + v + "' in " + where + " is not a valid " + type);
        }
    }

    private static List<String> array(Element config, String key, String where) throws SettingsException {
        Element size = child(config, "entry", ARRAY_SIZE);
        if (size == null) {
            throw new SettingsException(key, "is a sub-config without array-size in " + where
                    + " (only lists of text are used by CellPainTR settings)");
        }
        int n = Integer.parseInt(size.getAttribute("value"));
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Element item = child(config, "entry", String.valueOf(i));
            if (item == null) {
                throw new SettingsException(key, "list entry " + i + " of " + n + " is missing in " + where);
            }
            out.add("true".equals(item.getAttribute("isnull")) ? null : unescape(item.getAttribute("value")));
        }
        return out;
    }

    private static Element child(Element parent, String element, String key) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && element.equals(e.getLocalName()) && key.equals(e.getAttribute("key"))) {
                return e;
            }
        }
        return null;
    }

    /** The file's text: KNIME's header line, then the indented config. */
    public static String toXml(SettingsTree tree, String rootKey) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<config xmlns=\"").append(NAMESPACE)
                .append("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"")
                .append(SCHEMA).append("\" key=\"").append(attr(rootKey)).append("\">\n");
        for (var e : tree.asMap().entrySet()) {
            SettingValue v = e.getValue();
            if (v.type() == SettingValue.Type.STRINGS) {
                b.append("    <config key=\"").append(attr(e.getKey())).append("\">\n");
                b.append("        <entry key=\"array-size\" type=\"xint\" value=\"").append(v.strings().size()).append("\"/>\n");
                for (int i = 0; i < v.strings().size(); i++) {
                    b.append("        ").append(entryXml(String.valueOf(i), "xstring", v.strings().get(i))).append('\n');
                }
                b.append("    </config>\n");
            } else {
                b.append("    ").append(entryXml(e.getKey(), xmlType(v.type()),
                        v.value() == null ? null : String.valueOf(v.value()))).append('\n');
            }
        }
        return b.append("</config>\n").toString();
    }

    private static String entryXml(String key, String type, String value) {
        return "<entry key=\"" + attr(key) + "\" type=\"" + type + "\" value=\"" + (value == null ? "" : attr(escape(value)))
                + "\"" + (value == null ? " isnull=\"true\"" : "") + "/>";
    }

    private static String xmlType(SettingValue.Type t) {
        switch (t) {
            case INT:
                return "xint";
            case LONG:
                return "xlong";
            case DOUBLE:
                return "xdouble";
            case BOOLEAN:
                return "xboolean";
            default:
                return "xstring";
        }
    }

    /** KNIME's escape for characters XML attributes cannot carry: %% followed by the 5-digit character code. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 32 || (c == '%' && i + 1 < s.length() && s.charAt(i + 1) == '%')) {
                b.append(String.format(java.util.Locale.ROOT, "%%%%%05d", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("%%", i) && i + 7 <= s.length() && s.substring(i + 2, i + 7).chars().allMatch(Character::isDigit)) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 7)));
                i += 7;
            } else {
                b.append(s.charAt(i++));
            }
        }
        return b.toString();
    }

    private static String attr(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

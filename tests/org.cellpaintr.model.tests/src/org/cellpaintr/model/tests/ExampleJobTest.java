package org.cellpaintr.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.cellpaintr.cli.CellPainTR;
import org.cellpaintr.cli.report.Projection;
import org.cellpaintr.engine.io.ProfileFiles;
import org.cellpaintr.engine.table.FeatureMatrix;
import org.cellpaintr.engine.table.ProfileTable;
import org.cellpaintr.engine.table.TextColumn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The main job ({@code cellpaintr example}) end to end on the real bundled data at a test size (two plates, one per
 * batch; one epoch per stage; small mAP null and Harmony cluster count), its report read back with the JDK's XML
 * parser, and {@code cellpaintr report} rebuilding the same comparison from the files the job wrote.
 */
class ExampleJobTest {

    static final String[] METHODS = {"raw (normalised)", "ComBat", "Harmony", "Sphering", "CellPainTR"};
    static final String[] SCORE_FILES = {"raw_normalised", "combat", "harmony", "sphering", "cellpaintr"};
    static final String BATCH = "Experimental Condition [Experimental Batch]";

    @TempDir
    static Path tmp;

    static Path outDir;
    static String[] job;

    @BeforeAll
    static void runTheJobOnce() {
        // the charts are drawn without a display (the test JVM runs with java.awt.headless=true, as the CLI does)
        assertTrue(java.awt.GraphicsEnvironment.isHeadless());
        outDir = tmp.resolve("example-output");
        Path data = DahlinPlates.file().getParent().getParent();
        job = run("example", "--data", data.toString(), "--out", outDir.toString(), "--epochs", "1", "--plates",
                "BR00110021,BR00114088", "--null-size", "100", "--harmony-clusters", "10");
    }

    @Test
    void jobPrintsOneReadableComparisonAndTheFilesItWrote() throws Exception {
        assertEquals("0", job[0], job[2]);
        String out = job[1];
        String header = out.lines().filter(l -> l.strip().startsWith("metric")).findFirst().orElseThrow();
        for (String m : METHODS) {
            assertTrue(header.contains(m), "comparison header lacks " + m + ": " + header);
        }
        for (String row : List.of("graph connectivity", "silhouette batch", "kBET", "iLISI", "cLISI", "Leiden NMI",
                "Leiden ARI", "silhouette label", "mAP (controls)", "mAP (nonrep)", "BATCH", "BIO", "OVERALL")) {
            String line = out.lines().filter(l -> l.strip().startsWith(row)).findFirst().orElseThrow(
                    () -> new AssertionError("no row " + row + " in\n" + out));
            Matcher values = Pattern.compile("\\s(\\d\\.\\d{3}|n/a)(?=\\s|$)").matcher(line);
            int count = 0;
            while (values.find()) {
                count++;
            }
            assertEquals(METHODS.length, count, "one rounded value per method: " + line);
        }
        // no unrounded doubles anywhere and no empty parts (the old output printed 12.476585343732673 and
        // "SupCon )"); the proxy choice quotes losses to five decimals on purpose, so close candidates can be told apart
        assertFalse(Pattern.compile("\\d\\.\\d{6,}").matcher(out).find(), out);
        assertFalse(out.contains(" )") || out.contains("()"), out);
        // the proxy token is chosen by Select Proxy Token's automatic strategy, and the job says which and why
        assertTrue(out.contains("proxy source token: '") && out.contains("(as new source 'CPJUMP1'); automatic: '")
                && out.contains("lowest masked-modelling loss"), out);
        assertTrue(out.contains("raw intersected features") && out.contains("CellPainTR, proxy token '"), out);
        // every path listed at the end exists, and the list has the report, the model and the five score files
        List<String> listed = out.lines().dropWhile(l -> !l.contains("Files written:")).skip(1).map(String::strip)
                .toList();
        for (String p : listed) {
            assertTrue(Files.isRegularFile(Path.of(p)), "listed but missing: " + p);
        }
        assertTrue(listed.contains(outDir.resolve("report.html").toString()), listed.toString());
        assertTrue(listed.contains(outDir.resolve("cellpaintr-demo.model").toString()), listed.toString());
        assertTrue(listed.contains(outDir.resolve("cpjump1_proxy_ranking.csv").toString()), listed.toString());
        for (String f : SCORE_FILES) {
            assertTrue(listed.contains(outDir.resolve("scores").resolve(f + ".csv").toString()), f);
        }
        // progress went to stderr, not into the table
        assertTrue(job[2].contains("[stage 3") && job[2].contains("[score CellPainTR"), job[2]);
    }

    @Test
    void reportIsSelfContainedXhtmlWithTheTableAndCharts() throws Exception {
        assertEquals("0", job[0], job[2]);
        Document d = parse(outDir.resolve("report.html"));
        List<List<String>> table = table(d, "comparison");
        assertEquals(1 + 13, table.size(), "header + 10 metrics + 3 aggregates");
        assertEquals(List.of("metric", "counts to", METHODS[0], METHODS[1], METHODS[2], METHODS[3], METHODS[4]),
                table.get(0));
        // the table shows what the score files hold, rounded to three decimals (independent reading of the CSVs)
        for (int m = 0; m < METHODS.length; m++) {
            List<String> expected = roundedScores(outDir.resolve("scores").resolve(SCORE_FILES[m] + ".csv"));
            List<String> shown = new ArrayList<>();
            for (int r = 1; r < table.size(); r++) {
                shown.add(table.get(r).get(2 + m));
            }
            assertEquals(expected, shown, METHODS[m]);
        }
        List<List<String>> retrieval = table(d, "retrieval");
        assertEquals(1 + 4, retrieval.size(), "raw and embedding, two mAP kinds each: " + retrieval);
        for (List<String> row : retrieval.subList(1, retrieval.size())) {
            assertTrue(row.get(2).matches("\\d\\.\\d{3}|n/a") && row.get(3).matches("\\d+ of \\d+")
                    && row.get(4).matches("\\d+%|n/a"), row.toString());
        }
        // one bar chart and, per method, two projections (by batch and by compound): real PNGs
        List<byte[]> images = images(d);
        assertEquals(1 + 2 * METHODS.length, images.size());
        for (byte[] png : images) {
            assertPng(png);
        }
        assertNothingFetched(d);
    }

    @Test
    void reportCommandRebuildsTheComparisonFromScoreAndEmbeddingFiles() throws Exception {
        assertEquals("0", job[0], job[2]);
        Path report = tmp.resolve("from-files.html");
        List<String> args = new ArrayList<>(List.of("report", "--output", report.toString(), "--batch-column", BATCH,
                "--label-column", "Compound Name", "--retrieval", outDir.resolve("cpjump1_retrieval.csv").toString()));
        for (int m = 0; m < METHODS.length; m++) {
            args.add("--scores");
            args.add(METHODS[m] + "=" + outDir.resolve("scores").resolve(SCORE_FILES[m] + ".csv"));
        }
        args.addAll(List.of("--table", METHODS[0] + "=" + outDir.resolve("dahlin_normalized.parquet"), "--table",
                "CellPainTR=" + outDir.resolve("dahlin_embedding.parquet")));
        String[] r = run(args.toArray(String[]::new));
        assertEquals("0", r[0], r[2]);
        Document fromJob = parse(outDir.resolve("report.html"));
        Document fromFiles = parse(report);
        assertEquals(table(fromJob, "comparison"), table(fromFiles, "comparison"));
        assertEquals(table(fromJob, "retrieval"), table(fromFiles, "retrieval"));
        List<byte[]> images = images(fromFiles);
        assertEquals(1 + 2 * 2, images.size(), "bar chart + two tables x (batch, compound)");
        images.forEach(ExampleJobTest::assertPng);
        assertNothingFetched(fromFiles);
        // the printed table is the job's
        String jobTable = job[1].lines().dropWhile(l -> !l.strip().startsWith("metric")).limit(15).toList().toString();
        String fileTable = r[1].lines().dropWhile(l -> !l.strip().startsWith("metric")).limit(15).toList().toString();
        assertEquals(jobTable, fileTable);
    }

    @Test
    void reportCommandRejectsBadInputNamingIt() throws Exception {
        Path report = tmp.resolve("bad.html");
        String[] noName = run("report", "--scores", outDir.resolve("scores/combat.csv").toString(), "--output",
                report.toString());
        assertEquals("2", noName[0]);
        assertTrue(noName[2].contains("is not NAME=FILE"), noName[2]);
        // another table is not a score file: an input that cannot be used (exit 1), named with what was expected
        String[] notScores = run("report", "--scores", "x=" + outDir.resolve("cpjump1_retrieval.csv"), "--output",
                report.toString());
        assertEquals("1", notScores[0]);
        assertTrue(notScores[2].contains("cpjump1_retrieval.csv") && notScores[2].contains("not a score file"),
                notScores[2]);
        String[] notRetrieval = run("report", "--scores", "a=" + outDir.resolve("scores/combat.csv"), "--retrieval",
                outDir.resolve("scores/harmony.csv").toString(), "--output", report.toString());
        assertEquals("1", notRetrieval[0]);
        assertTrue(notRetrieval[2].contains("not a retrieval table"), notRetrieval[2]);
        String[] orphan = run("report", "--scores", "a=" + outDir.resolve("scores/combat.csv"), "--table",
                "b=" + outDir.resolve("dahlin_normalized.parquet"), "--batch-column", BATCH, "--label-column", "x",
                "--output", report.toString());
        assertEquals("2", orphan[0]);
        assertTrue(orphan[2].contains("--table b"), orphan[2]);
        assertFalse(Files.exists(report), "nothing written on bad input");
    }

    /**
     * Worked by hand: wells at (t, 2t, s) for t = -2..2 with s = (1, -2, 0, 2, -1) (mean 0, orthogonal to t) spread
     * along (1, 2, 0) / sqrt 5 (sum of squares 5 * 10 = 50) and less along (0, 0, 1) (sum of squares 10); PC 1
     * scores are sqrt(5) t and PC 2 scores are s (signs: the largest loading is positive).
     */
    @Test
    void projectionIsThePrincipalComponentsWorkedByHand() {
        float[] v = {-2, -4, 1, -1, -2, -2, 0, 0, 0, 1, 2, 2, 2, 4, -1};
        FeatureMatrix m = FeatureMatrix.zeros(5, 3);
        for (int r = 0; r < 5; r++) {
            m.writeRow(r, v, 3 * r);
        }
        try (ProfileTable t = new ProfileTable(List.of(TextColumn.of("b", "1", "1", "2", "2", "2"),
                TextColumn.of("c", "x", "y", "x", "y", "x")), List.of("f1", "f2", "f3"), m)) {
            Projection p = Projection.of("hand", t, "b", "c");
            double r5 = Math.sqrt(5);
            assertArrayEquals(new double[] {-2 * r5, -r5, 0, r5, 2 * r5}, p.x(), 1e-5);
            assertArrayEquals(new double[] {1, -2, 0, 2, -1}, p.y(), 1e-5);
            assertArrayEquals(new String[] {"1", "1", "2", "2", "2"}, p.batch());
        }
    }

    static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CellPainTR().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    static Document parse(Path html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(html.toFile());
    }

    /** The cells of the table with this id, row by row (header row included). */
    static List<List<String>> table(Document d, String id) {
        NodeList tables = d.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            if (id.equals(t.getAttribute("id"))) {
                List<List<String>> rows = new ArrayList<>();
                NodeList trs = t.getElementsByTagName("tr");
                for (int r = 0; r < trs.getLength(); r++) {
                    List<String> cells = new ArrayList<>();
                    NodeList c = trs.item(r).getChildNodes();
                    for (int k = 0; k < c.getLength(); k++) {
                        if (c.item(k) instanceof Element e) {
                            cells.add(e.getTextContent().strip());
                        }
                    }
                    rows.add(cells);
                }
                return rows;
            }
        }
        throw new AssertionError("no table with id " + id);
    }

    static List<byte[]> images(Document d) {
        List<byte[]> out = new ArrayList<>();
        NodeList imgs = d.getElementsByTagName("img");
        for (int i = 0; i < imgs.getLength(); i++) {
            String src = ((Element) imgs.item(i)).getAttribute("src");
            assertTrue(src.startsWith("data:image/png;base64,"), "image not embedded: " + src.substring(0, 30));
            assertFalse(((Element) imgs.item(i)).getAttribute("alt").isBlank(), "image without alt text");
            out.add(Base64.getDecoder().decode(src.substring("data:image/png;base64,".length())));
        }
        return out;
    }

    /** PNG signature, then the IHDR chunk with a plausible size (no image library needed to check that). */
    static void assertPng(byte[] png) {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertArrayEquals(signature, java.util.Arrays.copyOf(png, 8));
        assertEquals("IHDR", new String(png, 12, 4, StandardCharsets.US_ASCII));
        int width = java.nio.ByteBuffer.wrap(png, 16, 4).getInt();
        int height = java.nio.ByteBuffer.wrap(png, 20, 4).getInt();
        assertTrue(width >= 300 && width <= 2000 && height >= 300 && height <= 2000, width + " x " + height);
        assertTrue(png.length > 5_000, "a chart with content, not a blank image: " + png.length + " bytes");
    }

    /** Opens offline: no element loads anything by URL (scripts, styles, fonts, images). */
    static void assertNothingFetched(Document d) {
        for (String tag : List.of("script", "link", "iframe", "object", "embed")) {
            assertEquals(0, d.getElementsByTagName(tag).getLength(), "<" + tag + "> in a self-contained report");
        }
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            for (String attr : List.of("src", "href")) {
                String v = e.getAttribute(attr).toLowerCase(Locale.ROOT);
                assertFalse(v.startsWith("http") || v.startsWith("//"), e.getTagName() + " " + attr + "=" + v);
            }
        }
        String styles = d.getElementsByTagName("style").item(0).getTextContent();
        assertFalse(styles.contains("url(") || styles.contains("@import"), styles);
    }

    /** The 13 values of a score file, in the comparison's row order, rounded to three decimals. */
    static List<String> roundedScores(Path csv) throws Exception {
        List<String> order = List.of("graph connectivity", "silhouette batch", "kBET", "iLISI", "cLISI", "Leiden NMI",
                "Leiden ARI", "silhouette label", "mAP (controls)", "mAP (nonrep)", "batch correction",
                "bio-conservation", "overall");
        String[] values = new String[order.size()];
        for (String line : Files.readAllLines(csv).subList(1, 14)) {
            String[] f = line.split(",", -1);
            int i = order.indexOf(f[0]);
            assertTrue(i >= 0, "unexpected row " + line);
            values[i] = f[2].isEmpty() || f[2].equalsIgnoreCase("nan") ? "n/a"
                    : String.format(Locale.ROOT, "%.3f", Double.parseDouble(f[2]));
        }
        return List.of(values);
    }
}

package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No package of a product bundle depends, directly or through others, on a package that depends back on it. Bundle
 * layering (cli -> model -> engine -> thirdparty) is already enforced by the manifests; this checks the packages
 * inside each bundle, from the project's own type references in the sources (imports and qualified names).
 */
class PackageCyclesTest {

    /** A reference to a project type: package segments in lower case, then a class name. */
    private static final Pattern TYPE_REFERENCE = Pattern.compile("\\b(org\\.cellpaintr(?:\\.[a-z][a-z0-9_]*)+)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([a-z0-9_.]+)\\s*;", Pattern.MULTILINE);

    private static Path repo() {
        String dir = System.getProperty("cellpaintr.repo.dir");
        return dir != null ? Path.of(dir) : Path.of("../..");
    }

    /** Package -> packages it references, for the sources under {@code src}. */
    static Map<String, Set<String>> dependencies(Path src) throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                try {
                    String text = Files.readString(p);
                    Matcher pm = PACKAGE.matcher(text);
                    if (!pm.find()) {
                        return;
                    }
                    String own = pm.group(1);
                    Set<String> out = deps.computeIfAbsent(own, k -> new TreeSet<>());
                    Matcher m = TYPE_REFERENCE.matcher(text.substring(pm.end()));
                    while (m.find()) {
                        if (!m.group(1).equals(own)) {
                            out.add(m.group(1));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return deps;
    }

    /** Strongly connected components with more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> deps) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : deps.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, deps, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> deps, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : deps.getOrDefault(v, Set.of())) {
            if (!deps.containsKey(w)) {
                continue; // another bundle's package
            }
            if (!index.containsKey(w)) {
                connect(w, deps, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    @Test
    void theCycleFinderFindsAHandMadeCycle() {
        Map<String, Set<String>> deps = new TreeMap<>();
        deps.put("a", Set.of("b"));
        deps.put("b", Set.of("c"));
        deps.put("c", Set.of("a"));
        deps.put("d", Set.of("a"));
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(deps));
        deps.put("c", Set.of());
        assertEquals(List.of(), cycles(deps));
    }

    @Test
    void noProductBundleHasPackageCycles() throws IOException {
        List<String> found = new ArrayList<>();
        int bundles = 0;
        try (Stream<Path> s = Files.list(repo().resolve("plugins"))) {
            for (Path bundle : s.sorted().toList()) {
                Path src = bundle.resolve("src");
                if (Files.isDirectory(src)) {
                    bundles++;
                    cycles(dependencies(src)).forEach(c -> found.add(bundle.getFileName() + ": " + c));
                }
            }
        }
        assertTrue(bundles >= 4, "expected the product bundles under plugins/, found " + bundles);
        assertEquals(List.of(), found, "package cycles");
    }
}

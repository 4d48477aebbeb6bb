package org.cellpaintr.model.masking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The (compartment, channel) group of every feature, derived from CellProfiler names
 * ({@code <Compartment>_<Module>_<Measure>[_<Channel>][_<params>]}), for channel-wise masking (docs/method.md §2.1).
 *
 * <p>A name's compartment is its first {@code _}-separated token when that is Cells, Cytoplasm or Nuclei
 * (case-insensitive). Its channels are the tokens that name a Cell Painting channel: DNA, ER, Mito, RNA, AGP, also
 * with CellProfiler's {@code Orig}/{@code Corr} image prefixes (OrigDNA, CorrER, ...). A feature that involves two
 * channels (correlation, colocalisation) gets the group of both, as the authors' concatenated group ids do; a feature
 * with no channel (AreaShape, Count, Neighbors ...) falls in its compartment's "no channel" group, and a feature with
 * no recognised compartment in an "other" group of its channels. Tokens are matched whole, not as substrings, so
 * e.g. "Edge" or "Radial" never look like a channel.
 */
public final class FeatureGroups {

    /** The Cell Painting channels in the authors' loop order. */
    public static final List<String> CHANNELS = List.of("DNA", "ER", "Mito", "RNA", "AGP");
    /** The CellProfiler compartments of JUMP-style profiles. */
    public static final List<String> COMPARTMENTS = List.of("Cells", "Cytoplasm", "Nuclei");

    private final int[] groupOf;
    private final List<String> groupNames;
    private final int[][] members;

    private FeatureGroups(int[] groupOf, List<String> groupNames) {
        this.groupOf = groupOf;
        this.groupNames = Collections.unmodifiableList(groupNames);
        int[] counts = new int[groupNames.size()];
        for (int g : groupOf) {
            counts[g]++;
        }
        members = new int[groupNames.size()][];
        for (int g = 0; g < counts.length; g++) {
            members[g] = new int[counts[g]];
            counts[g] = 0;
        }
        for (int f = 0; f < groupOf.length; f++) {
            int g = groupOf[f];
            members[g][counts[g]++] = f;
        }
    }

    /** Groups from feature names, numbered in order of first appearance. */
    public static FeatureGroups fromCellProfilerNames(List<String> names) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] groupOf = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String key = groupKey(names.get(i));
            Integer id = ids.get(key);
            if (id == null) {
                id = ids.size();
                ids.put(key, id);
            }
            groupOf[i] = id;
        }
        return new FeatureGroups(groupOf, new ArrayList<>(ids.keySet()));
    }

    /** Every feature its own group: channel-wise masking then equals per-feature masking. */
    public static FeatureGroups singletons(int features) {
        int[] groupOf = new int[features];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            groupOf[i] = i;
            names.add("feature " + i);
        }
        return new FeatureGroups(groupOf, names);
    }

    /** The group name of one feature, e.g. {@code Cells:DNA}, {@code Nuclei:DNA+RNA}, {@code Cytoplasm:-}. */
    public static String groupKey(String featureName) {
        String[] tokens = featureName.split("_");
        String compartment = null;
        for (String c : COMPARTMENTS) {
            if (tokens.length > 0 && tokens[0].equalsIgnoreCase(c)) {
                compartment = c;
            }
        }
        boolean[] has = new boolean[CHANNELS.size()];
        for (String t : tokens) {
            int ch = channelOf(t);
            if (ch >= 0) {
                has[ch] = true;
            }
        }
        StringBuilder sb = new StringBuilder(compartment == null ? "other" : compartment).append(':');
        boolean any = false;
        for (int c = 0; c < has.length; c++) {
            if (has[c]) {
                sb.append(any ? "+" : "").append(CHANNELS.get(c));
                any = true;
            }
        }
        return any ? sb.toString() : sb.append('-').toString();
    }

    private static int channelOf(String token) {
        String t = token;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("orig") || lower.startsWith("corr")) {
            t = t.substring(4);
        }
        for (int c = 0; c < CHANNELS.size(); c++) {
            if (t.equalsIgnoreCase(CHANNELS.get(c))) {
                return c;
            }
        }
        return -1;
    }

    /** Number of features. */
    public int features() {
        return groupOf.length;
    }

    /** Number of groups. */
    public int size() {
        return groupNames.size();
    }

    /** Group of feature {@code f}. */
    public int groupOf(int f) {
        return groupOf[f];
    }

    /** Group names in id order. */
    public List<String> names() {
        return groupNames;
    }

    /** Features of group {@code g} (do not modify). */
    int[] members(int g) {
        return members[g];
    }
}

package org.cellpaintr.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.cellpaintr.model.nn.IdentityRows;

/**
 * The ordered feature names a model was built for: position {@code i} of every input vector is feature
 * {@code names().get(i)}, and sequence position {@code i + 1} (after {@code [CLS]}).
 *
 * <p>The feature-identity table follows the authors' row layout (docs/method.md §1.1): rows 0-4 are the special tokens
 * [PAD], [UNK], [CLS], [SEP], [MASK] (only [CLS] is used), feature {@code i} is row {@code 5 + i}, and optional
 * spare rows come last. Names are kept exactly as given; matching table columns to them is the caller's job.
 */
public final class FeatureVocabulary {

    /** Number of special-token rows in front of the feature rows of the identity table. */
    public static final int RESERVED_ROWS = IdentityRows.RESERVED;
    /** Identity-table row of the [CLS] token. */
    public static final int CLS_ROW = IdentityRows.CLS;

    private final List<String> names;
    private final Map<String, Integer> index;

    /** @throws IllegalArgumentException if the list is empty or has blank or duplicate names */
    public FeatureVocabulary(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("A feature vocabulary needs at least one feature");
        }
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("Feature name " + i + " is blank");
            }
            Integer previous = idx.put(n, i);
            if (previous != null) {
                throw new IllegalArgumentException("Feature '" + n + "' occurs twice (positions " + previous
                        + " and " + i + ")");
            }
        }
        this.names = Collections.unmodifiableList(new ArrayList<>(names));
        this.index = idx;
    }

    /** Number of features F. */
    public int size() {
        return names.size();
    }

    /** Length of the token sequence: [CLS] + F features + [SRC]. */
    public int sequenceLength() {
        return names.size() + 2;
    }

    /** The names in model order (unmodifiable). */
    public List<String> names() {
        return names;
    }

    /** The name at position {@code i}. */
    public String name(int i) {
        return names.get(i);
    }

    /** Position of {@code name}, or -1 when it is not part of the vocabulary. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /** Rows of the identity table for this vocabulary plus {@code spare} unused rows. */
    public int identityRows(int spare) {
        return RESERVED_ROWS + names.size() + spare;
    }

    /** SHA-256 (hex) of the names in order, one per line: identifies the vocabulary in provenance records. */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String n : names) {
                md.update(n.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVocabulary v && v.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "FeatureVocabulary[" + names.size() + " features]";
    }
}

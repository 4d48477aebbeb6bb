package org.cellpaintr.engine.metrics;

/**
 * copairs' pair rule: two rows pair when they share the value of every {@code sameBy} column and differ in every
 * {@code diffBy} column. Columns are indices into the coded metadata passed along with the rule.
 */
public record PairRule(int[] sameBy, int[] diffBy) {

    public PairRule {
        if (sameBy.length == 0) {
            // copairs allows it, but it pairs every row with every other: quadratic, and no rule here needs it
            throw new IllegalArgumentException("a pair rule needs at least one 'same by' column");
        }
    }

    boolean pairs(int[][] columns, int a, int b) {
        for (int c : sameBy) {
            if (columns[c][a] != columns[c][b]) {
                return false;
            }
        }
        for (int c : diffBy) {
            if (columns[c][a] == columns[c][b]) {
                return false;
            }
        }
        return true;
    }
}

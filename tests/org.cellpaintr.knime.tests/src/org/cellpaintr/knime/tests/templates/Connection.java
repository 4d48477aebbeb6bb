package org.cellpaintr.knime.tests.templates;

/**
 * A connection as workflow.knime stores it. Ports count KNIME's flow-variable port as 0 on native nodes, so the
 * first data port of a node is 1.
 */
public record Connection(int sourceId, int sourcePort, int destId, int destPort) {
}

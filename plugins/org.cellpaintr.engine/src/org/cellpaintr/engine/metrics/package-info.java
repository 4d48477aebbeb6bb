/**
 * Score Batch Correction: the ten metrics of Arevalo et al. 2024 (scib v1.1.4 and copairs v0.4.1 definitions)
 * and their aggregates. Definitions and every choice: docs/metrics.md.
 */
package org.cellpaintr.engine.metrics;

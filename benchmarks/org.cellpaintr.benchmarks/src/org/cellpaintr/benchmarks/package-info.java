/**
 * Benchmarks and cross-check mains (not product code: no feature or update site contains this bundle). Each is run
 * through a script in benchmarks/ and prints a table; docs/benchmarks.md, docs/model.md and docs/metrics.md quote
 * their results with the commands that made them.
 */
package org.cellpaintr.benchmarks;

/**
 * Command-line benchmarks and reports (not used by the nodes): the Dahlin table and the scaling benchmark of the
 * metrics and corrections. Run through the scripts in benchmarks/.
 */
package org.cellpaintr.engine.bench;

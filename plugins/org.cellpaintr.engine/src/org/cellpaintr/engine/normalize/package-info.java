/** The Normalize operation: per-plate robust or standard scaling against reference wells, rank-based inverse normal transform, clipping and feature selection. */
package org.cellpaintr.engine.normalize;

/** The Intersect Features operation: aligns a dataset to a reference feature list with exact and reported normalised name matching and zero padding. */
package org.cellpaintr.engine.intersect;

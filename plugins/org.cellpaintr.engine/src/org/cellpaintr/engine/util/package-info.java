/** Small shared helpers: atomic file writes, statistics. */
package org.cellpaintr.engine.util;

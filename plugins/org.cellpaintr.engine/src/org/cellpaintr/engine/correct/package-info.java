/**
 * Baseline batch corrections (ComBat, Harmony, Sphering) behind one operation with a method setting.
 */
package org.cellpaintr.engine.correct;

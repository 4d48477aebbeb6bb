package org.cellpaintr.knime.tests.templates;

import java.util.List;

/**
 * A file of the bundled example data copied into a template's {@code data/} folder: the rows of the chosen plates
 * (all rows when {@code plates} is empty), each distinct row once, in the order of the source file.
 *
 * @param source path under {@code workflows/data}
 * @param target file name under the template's {@code data/}
 * @param plateColumn the CSV column holding the plate
 * @param plates the plates kept
 * @param why one line for the template's data README: what the subset is and why
 */
public record DataFile(String source, String target, String plateColumn, List<String> plates, String why) {
}

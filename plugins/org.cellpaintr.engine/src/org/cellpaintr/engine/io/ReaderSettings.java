package org.cellpaintr.engine.io;

/**
 * Settings of reading profiles (the Profile Reader node, and the input side of every command).
 *
 * @param input a CSV, CSV.gz, TSV, Parquet or Arrow IPC file, or a folder of per-plate Parquet files (JUMP layout)
 * @param rule  which columns are features
 */
public record ReaderSettings(String input, FeatureColumnRule rule) {
}

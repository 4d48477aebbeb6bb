/** Readers and writers of profile tables: CSV (optionally gzip), Parquet and Arrow IPC, and the rules that tell feature columns from metadata. */
package org.cellpaintr.engine.io;

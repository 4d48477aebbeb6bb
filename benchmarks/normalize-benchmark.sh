#!/usr/bin/env bash
# Normalise 100,000 wells x 3,000 features (synthetic, from the Dahlin per-feature distributions, with per-plate
# offsets and scales) with a 512 MB Java heap, and read the same table from Parquet. Prints a Markdown table.
# Usage: benchmarks/normalize-benchmark.sh [wells] [features]
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec java -Xmx512m "${JVM_FLAGS[@]}" -cp "$CP" org.cellpaintr.benchmarks.NormalizeBenchmark \
  "$home/workflows/data/dahlin_cell_injury/aligned_plate_holdout.csv.gz" "${1:-100000}" "${2:-3000}" "$home/benchmarks/out"

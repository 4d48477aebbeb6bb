#!/usr/bin/env bash
# The three-stage curriculum on the bundled Dahlin plates at the demo configuration: time, peak RSS and final
# losses per stage. Prints a Markdown table.
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec java -Xmx2g "${JVM_FLAGS[@]}" -cp "$CP" org.cellpaintr.benchmarks.CurriculumBenchmark \
  "$home/workflows/data/dahlin_cell_injury/aligned_plate_holdout.csv.gz"

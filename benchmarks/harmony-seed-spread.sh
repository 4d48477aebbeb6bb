#!/usr/bin/env bash
# Harmony's seed-to-seed spread on the Dahlin plates (the Harmony row of docs/metrics.md §6): Arevalo et al.'s
# settings at seeds 0..N-1 (default 10) and seed 0 with the harmonypy-0.0.9 random stream, each scored with the
# whole suite; the raw profiles first. Prints a Markdown table. Usage: benchmarks/harmony-seed-spread.sh [N]
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec java -Xmx6g "${JVM_FLAGS[@]}" -Dcellpaintr.example.dir="$home/workflows/data" -cp "$CP" \
  org.cellpaintr.cli.bench.HarmonySeedSpread "$@"

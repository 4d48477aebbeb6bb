#!/usr/bin/env bash
# Harmony's seed-to-seed spread on the Dahlin plates (the Harmony row of docs/metrics.md §6): Arevalo et al.'s
# settings at seeds 0..N-1 (default 10) and seed 0 with the harmonypy-0.0.9 random stream, each scored with the
# whole suite; the raw profiles first. Prints a Markdown table. Usage: benchmarks/harmony-seed-spread.sh [N]
set -euo pipefail
exec "$(dirname "$0")/run-main.sh" org.cellpaintr.benchmarks.HarmonySeedSpread "$@"

#!/usr/bin/env bash
# The Dahlin table of docs/metrics.md: raw, ComBat, Harmony and Sphering scored with the whole suite.
# Build first (./mvnw -B verify, or ./mvnw -B -o compile -pl plugins/org.cellpaintr.thirdparty,plugins/org.cellpaintr.engine).
set -euo pipefail
exec "$(dirname "$0")/run-main.sh" org.cellpaintr.benchmarks.DahlinScores "$@"

#!/usr/bin/env bash
# Scaling benchmark of docs/metrics.md: all ten metrics on 100,000 synthetic wells x 256 dims, then ComBat and
# Harmony on 100,000 x 300. Args: [scoring|corrections|all|harmony] [wells] [dims] [batches]; 'harmony' runs
# Harmony (harmonypy defaults) alone, so the printed peak RSS is its process's own. Build first (see run-main.sh).
set -euo pipefail
JAVA_OPTS="${JAVA_OPTS:--Xmx8g}" exec "$(dirname "$0")/run-main.sh" org.cellpaintr.benchmarks.ScalingBenchmark "$@"

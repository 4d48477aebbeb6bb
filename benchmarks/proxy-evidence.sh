#!/usr/bin/env bash
# The proxy-token table of docs/proxy.md: a demo model trained on the Dahlin plates, CPJUMP1 embedded with every
# candidate token and every Select Proxy Token strategy, replicate retrieval of the CPJUMP1 compounds.
# Usage: benchmarks/proxy-evidence.sh [evident-intent|compat-2024] [seed]   (build first: ./mvnw -B -DskipTests verify)
set -euo pipefail
JAVA_OPTS="${JAVA_OPTS:--Xmx3g}" exec "$(dirname "$0")/run-main.sh" org.cellpaintr.benchmarks.ProxyEvidence "$@"

#!/usr/bin/env bash
# Runs a main class of the engine outside OSGi, on the classes the Maven build left in target/classes.
# Usage: benchmarks/run-main.sh <main class> [args...]   (build first: ./mvnw -B verify, or -o compile)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cp="$repo/plugins/org.cellpaintr.engine/target/classes:$repo/plugins/org.cellpaintr.thirdparty/target/classes"
for jar in "$repo"/plugins/org.cellpaintr.thirdparty/lib/*.jar; do cp="$cp:$jar"; done
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
# libgomp threads spin while waiting by default; on shared cores that makes many small libtorch ops 5-10x slower
# (measured: Harmony on the Dahlin plates 111 s -> 16 s under load). Passive waiting costs nothing when idle.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
exec java ${JAVA_OPTS:--Xmx6g} --add-opens=java.base/java.nio=ALL-UNNAMED -Doffline=true \
  -DENGINE_CACHE_DIR="$repo/.djl-cache" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dcellpaintr.example.dir="$repo/workflows/data" -cp "$cp" "$@"

#!/usr/bin/env bash
# Runs a main class of the engine outside OSGi, on the classes the Maven build left in target/classes.
# Usage: benchmarks/run-main.sh <main class> [args...]   (build first: ./mvnw -B verify, or -o compile)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cp="$repo/plugins/org.cellpaintr.engine/target/classes:$repo/plugins/org.cellpaintr.thirdparty/target/classes"
for jar in "$repo"/plugins/org.cellpaintr.thirdparty/lib/*.jar; do cp="$cp:$jar"; done
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
exec java ${JAVA_OPTS:--Xmx6g} --add-opens=java.base/java.nio=ALL-UNNAMED -Doffline=true \
  -DENGINE_CACHE_DIR="$repo/.djl-cache" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dcellpaintr.example.dir="$repo/workflows/data" -cp "$cp" "$@"

#!/usr/bin/env bash
# Sourced by the benchmark scripts: the class path of a built checkout (the product bundles' classes, the
# benchmarks bundle's classes and the embedded third-party jars) and the JVM settings every run needs.
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$home/plugins/org.cellpaintr.thirdparty/lib/djl-api.jar" ] \
    || [ ! -d "$home/benchmarks/org.cellpaintr.benchmarks/target/classes" ]; then
  echo "build first: (cd '$home' && ./mvnw -B -DskipTests verify)" >&2; exit 1
fi
CP="$home/benchmarks/org.cellpaintr.benchmarks/target/classes"
for d in "$home"/plugins/*/target/classes; do CP="$CP:$d"; done
for j in "$home"/plugins/org.cellpaintr.thirdparty/lib/*.jar; do CP="$CP:$j"; done
# libtorch allocates large tensors through glibc; huge pages make fresh allocations 3-8x faster on these VMs.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"
# libgomp threads spin while waiting by default; on shared cores that makes many small libtorch ops 5-10x slower
# (measured: Harmony on the Dahlin plates 111 s -> 16 s under load). Passive waiting costs nothing when idle.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
JVM_FLAGS=(--add-opens=java.base/java.nio=ALL-UNNAMED -Doffline=true -DENGINE_CACHE_DIR="$home/.djl-cache"
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dcellpaintr.home="$home" -Dcellpaintr.example.dir="$home/workflows/data")

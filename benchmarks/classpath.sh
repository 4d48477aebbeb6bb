#!/usr/bin/env bash
# Sourced by the benchmark scripts: the class path of a built checkout and the JVM settings every run needs.
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$home/plugins/org.cellpaintr.thirdparty/lib/djl-api.jar" ] || [ ! -d "$home/plugins/org.cellpaintr.cli/target/classes" ]; then
  echo "build first: (cd '$home' && ./mvnw -B -DskipTests verify)" >&2; exit 1
fi
CP=""
for d in "$home"/plugins/*/target/classes; do CP="$CP:$d"; done
for j in "$home"/plugins/org.cellpaintr.thirdparty/lib/*.jar; do CP="$CP:$j"; done
CP="${CP#:}"
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
JVM_FLAGS=(--add-opens=java.base/java.nio=ALL-UNNAMED -Doffline=true -DENGINE_CACHE_DIR="$home/.djl-cache"
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dcellpaintr.home="$home")

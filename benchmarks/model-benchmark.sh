#!/usr/bin/env bash
# CellPainTR model benchmark (not a test): train-step time and embedding throughput at three sizes, plus a
# memory-flatness run. Builds the bundles with ./mvnw first unless SKIP_BUILD=1 (then it reuses target/classes
# from an earlier `./mvnw verify`). Arguments are passed to org.cellpaintr.model.bench.ModelBenchmark, e.g.
#   benchmarks/model-benchmark.sh --steps 10 --big-steps 3 --flat-steps 1000 [--only abc]
# Extra JVM options via BENCH_JVM_OPTS, e.g. BENCH_JVM_OPTS=-Dai.djl.pytorch.num_threads=1 for one libtorch thread.
# GLIBC_TUNABLES may be overridden from the environment; the default is the reference setting.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q verify -DskipTests -pl plugins/org.cellpaintr.thirdparty,plugins/org.cellpaintr.model
fi
cp="plugins/org.cellpaintr.thirdparty/target/classes"
for d in plugins/*/target/classes; do
  [[ "$d" == "$cp" ]] || cp="$cp:$d"
done
for j in plugins/org.cellpaintr.thirdparty/lib/*.jar; do
  cp="$cp:$j"
done
mkdir -p benchmarks/out
# hugetlb: without it fresh large allocations fault page by page and the paper size is ~3x slower
# (glibc.malloc.hugetlb=1 makes malloc use transparent huge pages; see the glibc manual, "Memory Allocation Tunables")
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"
# shellcheck disable=SC2086
java ${BENCH_JVM_OPTS:-} --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx2g \
  -Doffline=true -DENGINE_CACHE_DIR="$repo/.djl-cache" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" org.cellpaintr.model.bench.ModelBenchmark "$@" 2>&1 | tee benchmarks/out/model-benchmark.txt

#!/usr/bin/env bash
# CellPainTR model benchmark (not a test): train-step time and embedding throughput at three sizes, plus a
# memory-flatness run. Builds the bundles with ./mvnw first unless SKIP_BUILD=1 (then it reuses target/classes
# from an earlier `./mvnw verify`). Arguments are passed to org.cellpaintr.benchmarks.ModelBenchmark, e.g.
#   benchmarks/model-benchmark.sh --steps 10 --big-steps 3 --flat-steps 1000 [--only abc]
# Extra JVM options via BENCH_JVM_OPTS, e.g. BENCH_JVM_OPTS=-Dai.djl.pytorch.num_threads=1 for one libtorch thread.
# GLIBC_TUNABLES may be overridden from the environment; the default is the reference setting.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q verify -DskipTests -pl benchmarks/org.cellpaintr.benchmarks -am
fi
source benchmarks/classpath.sh
mkdir -p benchmarks/out
# shellcheck disable=SC2086
java ${BENCH_JVM_OPTS:-} -Xmx2g "${JVM_FLAGS[@]}" -cp "$CP" org.cellpaintr.benchmarks.ModelBenchmark "$@" 2>&1 | tee benchmarks/out/model-benchmark.txt

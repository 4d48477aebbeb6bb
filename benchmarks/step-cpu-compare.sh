#!/usr/bin/env bash
# Training-step CPU time of this checkout against another built checkout (e.g. an earlier commit in a git worktree),
# in interleaved rounds on one libtorch thread, so that both sides see the same machine at the same time: a speed
# change measured side by side. Not a test. Both checkouts must be built (./mvnw -B -DskipTests verify).
#   benchmarks/step-cpu-compare.sh OTHER_CHECKOUT [features width layers steps warmup rounds]
# e.g.  git worktree add --detach ../before <commit> && (cd ../before && ./mvnw -o -B -q -DskipTests verify)
#       benchmarks/step-cpu-compare.sh ../before 3255 256 4 2 1 2
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
other="$(cd "$1" && pwd)"
shift
features="${1:-352}" width="${2:-256}" layers="${3:-4}" steps="${4:-5}" warmup="${5:-2}" rounds="${6:-2}"
export OMP_NUM_THREADS=1
for round in $(seq 1 "$rounds"); do
  for side in "$other" "$here/.."; do
    (
      source "$side/benchmarks/classpath.sh" # the side's own classes and jars
      printf '%s round %s, %s, load %s: ' "$(git -C "$side" log -1 --format=%h)" "$round" "$(date +%T)" \
        "$(cut -d' ' -f1 /proc/loadavg)"
      java -Xmx4g -Dai.djl.pytorch.num_threads=1 "${JVM_FLAGS[@]}" -cp "$CP" "$here/StepCpuTime.java" \
        "$features" "$width" "$layers" "$steps" "$warmup" 2>&1 | grep -v WARN
    )
  done
done

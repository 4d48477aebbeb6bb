#!/usr/bin/env bash
# Alternative forms of the MLP activation, the FFT long convolution and the short convolution, timed side by side
# (interleaved rounds, one libtorch thread, CPU seconds). Not a test. Build first (./mvnw -B -DskipTests verify).
#   benchmarks/block-variants.sh [sequence length, default 3257 = the paper's 3,255 features + 2] [rounds, default 3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/classpath.sh"
export OMP_NUM_THREADS=1
java -Xmx4g -Dai.djl.pytorch.num_threads=1 "${JVM_FLAGS[@]}" -cp "$CP" "$here/BlockVariants.java" "${1:-3257}" "${2:-3}" \
  2>&1 | grep -v WARN

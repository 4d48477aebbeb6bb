#!/usr/bin/env bash
# One CellPainTR training step broken down block by block (not a test): CPU seconds per step of each block, its share
# of the step, dense FLOPs and implied GFLOP/s of the matmul-like blocks, and the whole step as the trainer runs it.
# Runs org.cellpaintr.benchmarks.StepBreakdown through run-main.sh on classes of an earlier build
# (./mvnw -o -B -q verify -DskipTests). One libtorch thread by default (OMP_NUM_THREADS=1), so that the calling
# thread's CPU time is the block's whole cost. Shapes as options (defaults: the small size, about a minute on two
# cores):
#   benchmarks/step-breakdown.sh --features 352 --width 256 --layers 4 --batch 16 [--reps 5] [--warmup 2]
# The paper's size is --features 3255 (one step took 32 s of CPU on the 2-core development VM; with --reps 3
# --warmup 1 the whole run took about 5 minutes).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export JAVA_OPTS="${JAVA_OPTS:--Xmx2g} -Dai.djl.pytorch.num_threads=$OMP_NUM_THREADS"
mkdir -p "$here/out"
"$here/run-main.sh" org.cellpaintr.benchmarks.StepBreakdown "$@" 2>&1 | tee "$here/out/step-breakdown.txt"

#!/usr/bin/env bash
# The training-recipe evaluation of docs/evaluation.md: one CellPainTR model trained on a seeded 75% split of the
# bundled Dahlin plates, scored with the ten metrics next to raw, ComBat, Harmony and Sphering on (a) its training
# wells, (b) the held-out wells and (c) the CPJUMP1 pilot plates without retraining (mAP only).
# Options (key=value): ablate=none|source|balance|sampler|schedule|zeropad|srcdrop|authors, parts=abc, preset=arevalo|authors,
# d, layers, steps1, steps2, steps3, lr, placement, temperature, supcon, mse, sampler=P,K,C, zeropad, align, head,
# srcdrop, seed; post=none,center,mad,mad+sphere (the embedding rows to print: as it comes out and/or normalised
# per plate on the DMSO wells, see docs/evaluation.md).
# Build first: ./mvnw -B -DskipTests verify
set -euo pipefail
exec "$(dirname "$0")/run-main.sh" org.cellpaintr.benchmarks.RecipeEvaluation "$@"

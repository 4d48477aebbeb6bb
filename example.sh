#!/usr/bin/env bash
# A new user's first command: builds the project (tests skipped; ./mvnw -B verify runs them) and runs the
# main job on the bundled real example data. Results go to ./example-output.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests verify
exec bin/cellpaintr example --out example-output "$@"

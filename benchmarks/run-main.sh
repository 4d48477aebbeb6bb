#!/usr/bin/env bash
# Runs a main class of the benchmarks bundle (or any product class) outside OSGi, on the classes the Maven build
# left in target/classes. Usage: benchmarks/run-main.sh <main class> [args...]   (build first: ./mvnw -B verify)
# JVM heap from JAVA_OPTS (default -Xmx6g).
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx6g} "${JVM_FLAGS[@]}" -cp "$CP" "$@"

#!/usr/bin/env bash
# Runs the benchmarks against the release build in .build-release; results are appended to BENCHMARKS.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

binary=.build-release/release/carnet
[[ -x "$binary" ]] || { echo "bench: $binary is missing; run 'make bench'" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 is missing; run 'make deps'" >&2; exit 1; }

exec python3 Tests/perf/foundation.py "$@"

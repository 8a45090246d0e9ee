#!/usr/bin/env bash
# Runs the release build's benchmark (`carnet bench ARGS...`); with `--database postgres` it uses a throwaway cluster.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

binary=.build-release/release/carnet
[[ -x "$binary" ]] || { echo "bench: $binary is missing; run 'make bench'" >&2; exit 1; }

# PostgreSQL is requested with `--database postgres` or `--database=postgres`.
wants_postgres=false
previous=""
for arg in "$@"; do
    if [[ "$arg" == "--database=postgres" || ( "$previous" == "--database" && "$arg" == "postgres" ) ]]; then
        wants_postgres=true
    fi
    previous=$arg
done

# An explicit CARNET_DATABASE_URL pointing at PostgreSQL is used as is.
if $wants_postgres && [[ "${CARNET_DATABASE_URL:-}" != postgres://* ]]; then
    trap 'bash scripts/pg.sh stop' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    bash scripts/pg.sh start
    CARNET_DATABASE_URL=$(bash scripts/pg.sh url)
    export CARNET_DATABASE_URL
fi

status=0
"$binary" bench "$@" || status=$?
exit "$status"

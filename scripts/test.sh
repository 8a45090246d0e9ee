#!/usr/bin/env bash
# Builds the tests and runs them against SQLite and a throwaway PostgreSQL cluster, which is always stopped afterwards.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The plugins' Lua first: cheap, and any warning (per .luacheckrc) fails the run.
luacheck --no-color plugins

swift build --build-tests

# The mail tests run a real SMTP server (aiosmtpd) from the test virtualenv.
CARNET_TEST_PYTHON="$(bash scripts/venv.sh Tests/requirements.txt)/bin/python"
export CARNET_TEST_PYTHON

trap 'bash scripts/pg.sh stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
bash scripts/pg.sh start
CARNET_TEST_POSTGRES_URL=$(bash scripts/pg.sh url)
export CARNET_TEST_POSTGRES_URL

# Python tests against a real server: the API fuzzed from its document (Tests/api), then the
# pages in Chromium (Tests/browser), then the reliability tests (Tests/reliability: servers
# killed with SIGKILL under load on SQLite and PostgreSQL, two instances on one PostgreSQL),
# stopped if they overrun 15 minutes. pytest in .build/venv.
run_python_tests() {
    local status=0
    "$CARNET_TEST_PYTHON" -m pytest Tests/api Tests/browser || status=$?
    timeout --signal=INT --kill-after=30 900 "$CARNET_TEST_PYTHON" -m pytest Tests/reliability || status=$?
    return "$status"
}

# The shipped plugins' own Lua tests, each file on a fresh database (carnet plugins test).
run_plugin_tests() {
    local status=0 folder
    for folder in plugins/*/; do
        [[ -f "$folder/plugin.toml" ]] || continue
        .build/debug/carnet plugins test "$(basename "$folder")" --config config/carnet.toml || status=1
    done
    return "$status"
}

status=0
# The tests that start `carnet serve` processes run alone afterwards: beside the rest they
# would starve the timing-sensitive ones (budgets, leases) on a small machine, and be starved.
swift test --skip-build --skip carnetTests || status=$?
swift test --skip-build --filter carnetTests || status=$?
run_plugin_tests || status=1
python_status=0
run_python_tests || python_status=$?
((status != 0)) || status=$python_status
exit "$status"

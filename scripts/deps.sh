#!/usr/bin/env bash
# Installs the Debian packages needed to build, test and benchmark Carnet; only missing ones are fetched.
set -euo pipefail

packages=(libsqlite3-dev sqlite3 pkg-config liblua5.4-dev lua-check postgresql python3-venv chromium chromium-driver openssl curl jq wrk hyperfine)

missing=()
for pkg in "${packages[@]}"; do
    [[ "$(dpkg -s "$pkg" 2>/dev/null)" == *"Status: install ok installed"* ]] || missing+=("$pkg")
done

if ((${#missing[@]})); then
    echo "deps: installing ${missing[*]}" >&2
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

command -v swift >/dev/null 2>&1 || echo "deps: warning: no 'swift' on PATH; install the Swift 6.3 toolchain" >&2

#!/usr/bin/env bash
# Creates the Python virtualenv .build/venv and installs a requirements file into it when the file changed.
# Usage: venv.sh [requirements.txt]   (default: Tests/requirements.txt); prints the venv path.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$repo/.build/venv"
requirements=${1:-$repo/Tests/requirements.txt}
stamp="$venv/.requirements.sha256"

if [[ ! -x "$venv/bin/python" ]]; then
    rm -rf "$venv"
    mkdir -p "$repo/.build"
    python3 -m venv "$venv"
fi

hash=$(sha256sum <"$requirements" | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$hash" ]]; then
    "$venv/bin/pip" install --disable-pip-version-check -q -r "$requirements"
    echo "$hash" >"$stamp"
fi

echo "$venv"

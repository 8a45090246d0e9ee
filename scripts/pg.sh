#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and benchmarks: pg.sh start | stop | url
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state="$repo/.build/pg"          # always holds the port file
port_file="$state/port"

# The postgres binaries of the newest installed major version (override with PG_BIN).
pg_bin=${PG_BIN:-$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)}
[[ -n "$pg_bin" && -x "$pg_bin/pg_ctl" ]] || { echo "pg.sh: PostgreSQL server not found under /usr/lib/postgresql (run 'make deps')" >&2; exit 1; }

# Runs a command as the postgres user when we are root (initdb refuses root), as ourselves otherwise.
as_pg() {
    if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Cluster files live in .build/pg unless the postgres user cannot reach it (e.g. a clone under /root),
# or the socket path would be too long; then they go to a per-checkout folder under /tmp.
cluster_root() {
    mkdir -p "$state"
    if [[ $(id -u) -ne 0 ]] || { runuser -u postgres -- test -x "$state" 2>/dev/null && ((${#state} < 80)); }; then
        echo "$state"
    else
        echo "/tmp/carnet-pg-$(printf '%s' "$repo" | cksum | cut -d' ' -f1)"
    fi
}

root=$(cluster_root)
data="$root/data" run="$root/run" log="$root/log"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop() {
    if [[ -f "$data/postmaster.pid" ]]; then
        as_pg "$pg_bin/pg_ctl" -D "$data" stop -m fast -w >/dev/null 2>&1 \
            || as_pg "$pg_bin/pg_ctl" -D "$data" stop -m immediate -w >/dev/null 2>&1 || true
    fi
    rm -rf "$data" "$run" "$port_file"
}

start() {
    stop
    mkdir -p "$root" "$run"
    : >"$log"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$root" "$run" "$log"; fi
    as_pg "$pg_bin/initdb" -D "$data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >>"$log" 2>&1 \
        || fail "initdb failed"
    local port
    port=$(free_port)
    cat >>"$data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$run'
max_connections = 400
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    as_pg "$pg_bin/pg_ctl" -D "$data" -l "$log" -w -t 30 start >/dev/null || fail "PostgreSQL failed to start"
    local i
    for ((i = 0; i < 20; i++)); do
        if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
            echo "$port" >"$port_file"
            echo "pg.sh: PostgreSQL ready at $(url)" >&2
            return 0
        fi
        sleep 0.5
    done
    fail "PostgreSQL does not answer on 127.0.0.1:$port"
}

# Prints the reason and the end of the server log, then cleans up.
fail() {
    echo "pg.sh: $1; last lines of $log:" >&2
    tail -n 30 "$log" >&2
    stop
    exit 1
}

url() {
    [[ -s "$port_file" ]] || { echo "pg.sh: no cluster running (run 'pg.sh start')" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$(cat "$port_file")/postgres"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# API throughput benchmark (issue #2's figures): loads N generated candidates, starts
# the release server, and drives it from a second process with wrk.
#
#   scripts/bench-api.sh sqlite            # embedded SQLite
#   scripts/bench-api.sh postgres          # local PostgreSQL (database hl_bench)
#
# Env: CANDIDATES (default 100000), DURATION (default 20s), CONNECTIONS (default 16).
# Prints requests/s and latency percentiles for GET /v1/candidates?limit=50 and
# POST /v1/candidates.
set -euo pipefail
cd "$(dirname "$0")/.."

backend="${1:-sqlite}"
candidates="${CANDIDATES:-100000}"
duration="${DURATION:-20s}"
conns="${CONNECTIONS:-16}"
port="${PORT:-18181}"
pg_admin="${HIRELOOP_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

. scripts/lib.sh
need wrk wrk

cargo build --release --locked -p hireloop >&2
bin="${CARGO_TARGET_DIR:-target}/release/hireloop"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

case "$backend" in
  sqlite) db_args=(--data-dir "$work/data") ;;
  postgres)
    scripts/ensure-postgres.sh
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS hl_bench WITH (FORCE)" -c "CREATE DATABASE hl_bench"
    db_args=(--database-url "${pg_admin%/*}/hl_bench")
    ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "== backend: $backend; loading $candidates candidates"
/usr/bin/time -f "load: %e s wall, %M KiB peak RSS" \
  "$bin" "${db_args[@]}" demo generate --candidates "$candidates" --requirements $((candidates / 100)) --seed 7 --tenant bench
key="$("$bin" "${db_args[@]}" --json key create --tenant bench --name bench --role owner | sed -E 's/.*"key":"([^"]+)".*/\1/')"

HIRELOOP__LOG__LEVEL=warn "$bin" "${db_args[@]}" serve --bind "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

auth="Authorization: Bearer $key"
echo "== warm-up"
wrk -t1 -c"$conns" -d3s -H "$auth" "http://127.0.0.1:$port/v1/candidates?limit=50" >/dev/null
echo "== GET /v1/candidates?limit=50 ($duration, $conns connections, wrk 1 thread)"
wrk -t1 -c"$conns" -d"$duration" --latency -H "$auth" "http://127.0.0.1:$port/v1/candidates?limit=50"
echo "== POST /v1/candidates ($duration, $conns connections, wrk 1 thread)"
wrk -t1 -c"$conns" -d"$duration" --latency -H "$auth" -s scripts/bench/post-candidate.lua "http://127.0.0.1:$port/v1/candidates"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "http://127.0.0.1:$port/v1/candidates?limit=1")
echo "== after the run: GET status $status"
grep -E 'ERROR|panicked' "$work/server.log" | head -5 || true

#!/usr/bin/env bash
# Imports generated candidates into a fresh SQLite data directory, adds generated
# requirements, builds the search indexes and measures top-10 explained recommendations:
# latency one at a time (p50/p95/p99), throughput with one worker per core, and the
# reverse direction (match_bench example).
#   scripts/bench-match.sh                         # 1,000,000 candidates
#   CANDIDATES=100000 QUERIES=300 scripts/bench-match.sh
#   POOL=500 JSON=1 scripts/bench-match.sh         # another pool; one JSON line too
#   CACHE=1000000 scripts/bench-match.sh           # the warmed node keeps everyone
set -euo pipefail
cd "$(dirname "$0")/.."

n="${CANDIDATES:-1000000}"
queries="${QUERIES:-200}"
pool="${POOL:-300}"
cache=()
[ -n "${CACHE:-}" ] && cache=(--cache "$CACHE")
cargo build --release --locked -p hireloop
cargo build --release --locked -p hireloop-engine --example match_bench
target="${CARGO_TARGET_DIR:-target}"
bin="$target/release/hireloop"
bench="$target/release/examples/match_bench"
"$bin" setup >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" demo csv --candidates "$n" --out "$work/people.csv"
"$bin" --data-dir "$work/data" import "$work/people.csv" --kind candidates | grep '^import'
rm -f "$work/people.csv"
json=()
[ -n "${JSON:-}" ] && json=(--json)
"$bench" --data-dir "$work/data" --queries "$queries" --pool "$pool" "${cache[@]}" "${json[@]}"

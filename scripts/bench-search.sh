#!/usr/bin/env bash
# Imports generated candidates into a fresh SQLite data directory, builds the search
# index and measures keyword, semantic and hybrid searches with and without filters:
# prints the build time, peak memory and latency percentiles (search_bench example).
#   scripts/bench-search.sh            # 1,000,000 candidates
#   CANDIDATES=100000 QUERIES=300 scripts/bench-search.sh
#   JSON=1 scripts/bench-search.sh     # also one JSON line with every figure
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need /usr/bin/time time

n="${CANDIDATES:-1000000}"
queries="${QUERIES:-300}"
cargo build --release --locked -p hireloop
cargo build --release --locked -p hireloop-engine --example search_bench
target="${CARGO_TARGET_DIR:-target}"
bin="$target/release/hireloop"
bench="$target/release/examples/search_bench"
"$bin" setup >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" demo csv --candidates "$n" --out "$work/people.csv"
echo "file: $(du -h "$work/people.csv" | cut -f1)"
"$bin" --data-dir "$work/data" import "$work/people.csv" --kind candidates | grep '^import'
rm -f "$work/people.csv"
json=()
[ -n "${JSON:-}" ] && json=(--json)
/usr/bin/time -v "$bench" --data-dir "$work/data" --queries "$queries" --reindex "${json[@]}" \
  2> "$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
echo "candidates: $n, search_bench wall: $wall, peak RSS (time -v): ${rss} MiB," \
  "database: $(du -sh "$work/data/hireloop.db" | cut -f1)," \
  "search index: $(du -sh "$work/data/search" | cut -f1), machine: $(nproc) cores, $(uname -m)"

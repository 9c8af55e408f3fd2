#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: formatting, lints, and every test on
# SQLite and on PostgreSQL (started here if it is down; the run fails if it cannot be).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-postgres.sh

# The sqlite3 shell plays an attacker editing the database file in the audit tests.
if ! command -v sqlite3 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing sqlite3 from Debian's packages" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null
  else
    echo "the sqlite3 command is needed by the tests; install Debian's sqlite3" >&2
    exit 1
  fi
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings

echo "== build"
cargo build --locked -p hireloop
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

#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: formatting, lints, and every test on
# SQLite and on PostgreSQL (started here if it is down; the run fails if it cannot be).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-postgres.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings

echo "== cargo test (SQLite and PostgreSQL)"
# Snapshot tests must match what is committed; never rewrite them here.
export INSTA_UPDATE=no
cargo test --locked --workspace --no-fail-fast

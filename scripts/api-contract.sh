#!/usr/bin/env bash
# The API keeps the promises its OpenAPI document makes: schemathesis generates
# thousands of requests from /v1/docs-json against a demo server, and every response
# must have a documented status, content type and body shape, and no 5xx may occur.
# Installs schemathesis (PyPI) into a cached virtualenv on first use.
#
#   scripts/api-contract.sh [path/to/hireloop]
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:-${CARGO_TARGET_DIR:-target}/debug/hireloop}"
version="4.32.5"
venv="${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hireloop/schemathesis-$version"
if [ ! -x "$venv/bin/schemathesis" ]; then
  echo "installing schemathesis $version into $venv" >&2
  . scripts/lib.sh
  need python3 python3
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's own python3 keeps venv in a separate package.
    need apt-get apt && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q "schemathesis==$version"
fi

work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
HIRELOOP__LOG__LEVEL=warn "$bin" serve --demo --bind 127.0.0.1:0 --data-dir "$work/data" >"$work/out" 2>"$work/err" &
server=$!
for _ in $(seq 1 600); do
  grep -q "demo api key" "$work/out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.1
done
addr="$(sed -n 's/^listening on //p' "$work/out")"
key="$(sed -n 's/^demo api key: //p' "$work/out")"
[ -n "$addr" ] && [ -n "$key" ] || { echo "the demo server did not start" >&2; exit 1; }

echo "== API contract (schemathesis against $addr/v1/docs-json)"
# Run from the temp dir: schemathesis keeps a cache in its working directory.
cd "$work"
"$venv/bin/schemathesis" run "$addr/v1/docs-json" \
  -H "Authorization: Bearer $key" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples 30 --seed 1 --no-color \
  --report-dir "$work/report"

#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at $HIRELOOP_TEST_PG_URL (default the local
# cluster, user postgres, trust auth): starts the Debian cluster if it is down, installs
# it if it is missing and we may. Exits non-zero if PostgreSQL cannot be had: the test
# suite needs it and must never silently skip it.
set -euo pipefail

url="${HIRELOOP_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

ready() { pg_isready -q -d "$url" 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-postgres: installing PostgreSQL from Debian's packages" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "ensure-postgres: PostgreSQL client tools are missing and cannot be installed here" >&2
    exit 1
  fi
fi

if ! ready; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    for v in $(ls /etc/postgresql); do
      echo "ensure-postgres: starting cluster $v/main" >&2
      pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
    done
  fi
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi

if ! ready; then
  echo "ensure-postgres: PostgreSQL is not reachable at $url; the tests need it" >&2
  exit 1
fi

# A fresh install authenticates local users by peer; the tests connect over TCP as
# postgres without a password, as the project's machines are set up.
if ! psql "$url" -qAtc 'SELECT 1' >/dev/null 2>&1; then
  echo "ensure-postgres: cannot log in at $url (trust auth for user postgres is expected)" >&2
  exit 1
fi

# Databases left by interrupted test runs.
psql "$url" -qAtc "SELECT datname FROM pg_database WHERE datname LIKE 'hl\_t\_%'" |
  while read -r db; do
    [ -n "$db" ] && psql "$url" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null || true
  done
echo "ensure-postgres: ready at ${url%%@*}@…" >&2

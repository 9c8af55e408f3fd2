#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at $HIRELOOP_TEST_PG_URL (default the local
# cluster, user postgres, trust auth): starts the Debian cluster if it is down, installs
# it if it is missing and we may. Exits non-zero if PostgreSQL cannot be had: the test
# suite needs it and must never silently skip it.
set -euo pipefail

url="${HIRELOOP_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

ready() { pg_isready -q -d "$url" 2>/dev/null; }

. "$(dirname "$0")/lib.sh"
need pg_isready postgresql-client
need psql postgresql-client

# No local server at all: install Debian's, and let local TCP connections in without a
# password, as the project's machines are set up (only for a cluster we installed).
if ! ready && [ ! -d /etc/postgresql ]; then
  need pg_ctlcluster postgresql
  for v in $(ls /etc/postgresql); do
    hba="/etc/postgresql/$v/main/pg_hba.conf"
    printf 'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n' | cat - "$hba" >"$hba.new"
    mv "$hba.new" "$hba" && chown postgres:postgres "$hba"
  done
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

#!/usr/bin/env bash
# Makes sure the services the tests need are there: a PostgreSQL server (for the store contract,
# sync lease and PostgreSQL integration tests) and Debian's Chromium (for the web view tests).
# Installs them with apt-get when missing (as root), starts PostgreSQL, and exports
# TEST_DATABASE_URL and CHROMIUM_PATH. Sourced by scripts/test.sh.
set -euo pipefail

need_apt=()
if [ -z "${TEST_DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then need_apt+=(postgresql); fi
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then need_apt+=(chromium); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "The tests need: ${need_apt[*]}. Install them (Debian: apt-get install -y ${need_apt[*]}) or set TEST_DATABASE_URL / CHROMIUM_PATH." >&2
    exit 1
  fi
  echo "Installing ${need_apt[*]} with apt-get…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
    pg_ctlcluster "$version" main start
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
  runuser -u postgres -- psql -q -p "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'bs_test'" | grep -q 1 ||
    runuser -u postgres -- psql -q -p "$port" -c "CREATE ROLE bs_test LOGIN CREATEDB PASSWORD 'bs_test'"
  # Dropping a test database ends its connections, an autovacuum worker's included.
  runuser -u postgres -- psql -q -p "$port" -c "GRANT pg_signal_backend TO bs_test" >/dev/null
  export TEST_DATABASE_URL="postgres://bs_test:bs_test@127.0.0.1:$port/postgres"
fi

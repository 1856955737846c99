#!/usr/bin/env bash
# Creates or upgrades the Temporal server's databases on PostgreSQL (12 or later; tested on 15).
# Safe to run on every deploy: each step is skipped when it is already done, and update-schema
# applies only the versions a database does not have yet.
#
#   1. with PG_ADMIN_URL (a superuser or CREATEROLE+CREATEDB role, e.g.
#      postgres://postgres@127.0.0.1:5432/postgres): create the server's role (TEMPORAL_DB_USER,
#      password TEMPORAL_DB_PASSWORD) and its two databases, owned by that role. Without
#      PG_ADMIN_URL the role must exist and the sql tool's create-database is used (needs CREATEDB).
#   2. as the server's role: `setup-schema -v 0.0` once (the schema_version bookkeeping), then
#      `update-schema -d <schema>/versioned` for `temporal` and `temporal_visibility`.
#
# Environment: the TEMPORAL_DB_* variables of config/crmhub.yaml (HOST, PORT, USER, PASSWORD,
# NAME, VISIBILITY_DB_NAME, TLS_CA) and optionally TEMPORAL_SERVER_DIR (else ensure-server.sh runs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
log() { echo "[temporal-schema] $*" >&2; }

: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is not set}"
HOST="${TEMPORAL_DB_HOST:-127.0.0.1}"
PORT="${TEMPORAL_DB_PORT:-5432}"
USER_="${TEMPORAL_DB_USER:-temporal}"
DB="${TEMPORAL_DB_NAME:-temporal}"
VDB="${TEMPORAL_VISIBILITY_DB_NAME:-temporal_visibility}"
DIR="${TEMPORAL_SERVER_DIR:-$(bash "$here/ensure-server.sh")}"
SQL_TOOL="$DIR/temporal-sql-tool"
SCHEMA="$DIR/schema/postgresql/v12"

[[ "$USER_" =~ ^[a-z_][a-z0-9_]*$ ]] || { log "TEMPORAL_DB_USER must be a plain lower-case identifier"; exit 1; }
for d in "$DB" "$VDB"; do [[ "$d" =~ ^[a-z_][a-z0-9_]*$ ]] || { log "database name $d must be a plain lower-case identifier"; exit 1; }; done

tls=()
if [[ -n "${TEMPORAL_DB_TLS_CA:-}" ]]; then
  tls=(--tls --tls-ca-file "$TEMPORAL_DB_TLS_CA")
fi
sqltool() { "$SQL_TOOL" --ep "$HOST" -p "$PORT" -u "$USER_" --pw "$TEMPORAL_DB_PASSWORD" --pl postgres12 "${tls[@]}" "$@"; }

if [[ -n "${PG_ADMIN_URL:-}" ]]; then
  admin() { psql "$PG_ADMIN_URL" -v ON_ERROR_STOP=1 -qtAX "$@"; }
  if [[ "$(admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$USER_'")" != 1 ]]; then
    log "creating role $USER_"
    # The password goes through a psql variable (:'pw' quotes it), never through the command line.
    admin -v pw="$TEMPORAL_DB_PASSWORD" <<<"CREATE ROLE $USER_ LOGIN PASSWORD :'pw';"
  else
    admin -v pw="$TEMPORAL_DB_PASSWORD" <<<"ALTER ROLE $USER_ LOGIN PASSWORD :'pw';"
  fi
  for d in "$DB" "$VDB"; do
    if [[ "$(admin -c "SELECT 1 FROM pg_database WHERE datname = '$d'")" != 1 ]]; then
      log "creating database $d (owner $USER_)"
      admin -c "CREATE DATABASE $d OWNER $USER_"
    fi
  done
fi

# Has this database been set up (schema_version exists)? Asked through the sql tool's own
# connection settings would need a query command it lacks; psql with the same role does it.
is_set_up() {
  PGPASSWORD="$TEMPORAL_DB_PASSWORD" PGSSLMODE="${TEMPORAL_DB_TLS_CA:+verify-full}" PGSSLROOTCERT="${TEMPORAL_DB_TLS_CA:-}" \
    psql -h "$HOST" -p "$PORT" -U "$USER_" -d "$1" -qtAX -c "SELECT to_regclass('schema_version') IS NOT NULL" 2>/dev/null | grep -q t
}

for pair in "$DB:temporal" "$VDB:visibility"; do
  d="${pair%%:*}" kind="${pair##*:}"
  if [[ -z "${PG_ADMIN_URL:-}" ]]; then
    sqltool --db "$d" create-database 2>&1 | grep -v 'already exists' >&2 || true
  fi
  if is_set_up "$d"; then
    log "$d: already set up"
  else
    log "$d: setup-schema -v 0.0"
    sqltool --db "$d" setup-schema -v 0.0 >&2
  fi
  log "$d: update-schema from $SCHEMA/$kind/versioned"
  sqltool --db "$d" update-schema -d "$SCHEMA/$kind/versioned" >&2
done
log "schemas are up to date"

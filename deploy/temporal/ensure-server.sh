#!/usr/bin/env bash
# Builds the self-hosted Temporal server and its sql tool (schema setup), pinned, and prints the
# directory that holds them: `temporal-server`, `temporal-sql-tool`, and `schema/` (the module's
# PostgreSQL schema files, copied beside the binaries so setup needs no Go module cache).
#
# Same pattern as scripts/ensure-temporal-cli.sh: every `go install` runs under `timeout` and is
# retried, because a module download can stall without an error. The binaries are cached outside
# the repository, in ${CRMHUB_CACHE_DIR:-~/.cache/crmhub}/temporal-server-<version>/.
# v1.29.1 is the server the pinned CLI (v1.5.1) bundles: one server version for dev and production.
set -euo pipefail

VERSION="${TEMPORAL_SERVER_VERSION:-v1.29.1}"
CACHE_DIR="${CRMHUB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/crmhub}"
OUT="$CACHE_DIR/temporal-server-$VERSION"
ATTEMPTS="${TEMPORAL_SERVER_ATTEMPTS:-4}"
ATTEMPT_SECONDS="${TEMPORAL_SERVER_ATTEMPT_SECONDS:-900}"
MODULE=go.temporal.io/server

log() { echo "[temporal-server] $*" >&2; }

if [[ -x "$OUT/temporal-server" && -x "$OUT/temporal-sql-tool" && -d "$OUT/schema/postgresql/v12" ]]; then
  echo "$OUT"; exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [[ -x "$g" ]] && PATH="$(dirname "$g"):$PATH" && break
  done
fi
command -v go >/dev/null 2>&1 || { log "Go (>= 1.24) is not installed: install it to build the Temporal server"; exit 1; }

export GOFLAGS="${GOFLAGS:--mod=mod}"
export GOPATH="${GOPATH:-$CACHE_DIR/gopath}"
mkdir -p "$OUT"

# build <package> <output name>
build() {
  local pkg="$1" name="$2" i
  [[ -x "$OUT/$name" ]] && return 0
  for ((i = 1; i <= ATTEMPTS; i++)); do
    log "building $pkg@$VERSION (attempt $i/$ATTEMPTS, limit ${ATTEMPT_SECONDS}s)"
    rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp"
    # -k: kill go if it ignores SIGTERM; modules already downloaded stay cached between attempts.
    if GOBIN="$OUT.tmp" timeout -k 30 "$ATTEMPT_SECONDS" go install "$pkg@$VERSION" >&2; then
      mv "$OUT.tmp/$(basename "$pkg")" "$OUT/$name"
      rm -rf "$OUT.tmp"
      log "installed $OUT/$name"
      return 0
    fi
    log "attempt $i failed or timed out; retrying"
    sleep $((i * 5))
  done
  log "could not build $pkg@$VERSION after $ATTEMPTS attempts"
  return 1
}

build "$MODULE/cmd/server" temporal-server
build "$MODULE/cmd/tools/sql" temporal-sql-tool

# The schema files ship in the module source, which `go install` just put in the module cache.
SRC="$(GOFLAGS=-mod=mod go env GOMODCACHE)/$MODULE@$VERSION/schema/postgresql"
[[ -d "$SRC/v12" ]] || { log "schema files not found in $SRC"; exit 1; }
rm -rf "$OUT/schema.tmp" && mkdir -p "$OUT/schema.tmp/postgresql"
cp -R "$SRC/v12" "$OUT/schema.tmp/postgresql/"
chmod -R u+w "$OUT/schema.tmp"
rm -rf "$OUT/schema" && mv "$OUT/schema.tmp" "$OUT/schema"
echo "$OUT"

#!/usr/bin/env bash
# Makes the `temporal` CLI (the Temporal dev server) available and prints its path.
#
# Order: $TEMPORAL_CLI_PATH if executable, `temporal` on PATH, a cached build,
# else `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` into the cache.
# v1.5.1 is the newest tag that `go install` accepts: later go.mod files carry
# `replace` directives. The SDK's own download needs the internet, which CI lacks.
#
# A module download can stall without an error, so every attempt runs under
# `timeout` and is retried; CI never hangs here.
set -euo pipefail

VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
CACHE_DIR="${CRMHUB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/crmhub}"
BIN_DIR="$CACHE_DIR/temporal-cli-$VERSION"
ATTEMPTS="${TEMPORAL_CLI_ATTEMPTS:-4}"
ATTEMPT_SECONDS="${TEMPORAL_CLI_ATTEMPT_SECONDS:-900}"

log() { echo "[temporal-cli] $*" >&2; }

if [[ -n "${TEMPORAL_CLI_PATH:-}" && -x "${TEMPORAL_CLI_PATH}" ]]; then
  echo "$TEMPORAL_CLI_PATH"; exit 0
fi
if [[ -x "$BIN_DIR/temporal" ]]; then
  echo "$BIN_DIR/temporal"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then
  command -v temporal; exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [[ -x "$g" ]] && PATH="$(dirname "$g"):$PATH" && break
  done
fi
command -v go >/dev/null 2>&1 || { log "Go is not installed: install Go or set TEMPORAL_CLI_PATH"; exit 1; }

mkdir -p "$BIN_DIR"
export GOFLAGS="${GOFLAGS:--mod=mod}"
export GOPATH="${GOPATH:-$CACHE_DIR/gopath}"
for ((i = 1; i <= ATTEMPTS; i++)); do
  log "building temporal $VERSION (attempt $i/$ATTEMPTS, limit ${ATTEMPT_SECONDS}s); the first build takes ~5 min"
  # -k: kill go if it ignores SIGTERM; downloads already in the module cache are kept between attempts.
  if GOBIN="$BIN_DIR.tmp" timeout -k 30 "$ATTEMPT_SECONDS" \
      go install "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2; then
    mv "$BIN_DIR.tmp/temporal" "$BIN_DIR/temporal"
    rmdir "$BIN_DIR.tmp" 2>/dev/null || true
    log "installed $BIN_DIR/temporal"
    echo "$BIN_DIR/temporal"; exit 0
  fi
  log "attempt $i failed or timed out; retrying"
  sleep $((i * 5))
done
log "could not build the temporal CLI after $ATTEMPTS attempts"
exit 1

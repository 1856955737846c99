#!/usr/bin/env bash
# Creates crmhub's namespace on the server (once; a second run updates its retention), using the
# `temporal` CLI (scripts/ensure-temporal-cli.sh) and the same TEMPORAL_* client variables as
# crmhub: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY,
# TEMPORAL_TLS_SERVER_NAME. TEMPORAL_RETENTION (default 30d): how long closed workflows are kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
CLI="$(bash "$here/../../scripts/ensure-temporal-cli.sh")"
NS="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_RETENTION:-30d}"
args=(--address "${TEMPORAL_ADDRESS:-127.0.0.1:7233}")
[[ -n "${TEMPORAL_TLS_CA:-}" ]] && args+=(--tls-ca-path "$TEMPORAL_TLS_CA")
[[ -n "${TEMPORAL_TLS_CERT:-}" ]] && args+=(--tls-cert-path "$TEMPORAL_TLS_CERT" --tls-key-path "$TEMPORAL_TLS_KEY")
[[ -n "${TEMPORAL_TLS_SERVER_NAME:-}" ]] && args+=(--tls-server-name "$TEMPORAL_TLS_SERVER_NAME")

# Retry while the server comes up (a fresh server takes a few seconds to serve namespace calls).
for i in $(seq 1 30); do
  if "$CLI" operator namespace describe --namespace "$NS" "${args[@]}" >/dev/null 2>&1; then
    "$CLI" operator namespace update --namespace "$NS" --retention "$RETENTION" "${args[@]}" >&2
    echo "namespace $NS exists (retention $RETENTION)" >&2; exit 0
  fi
  if "$CLI" operator namespace create --namespace "$NS" --retention "$RETENTION" "${args[@]}" >&2; then
    echo "namespace $NS created (retention $RETENTION)" >&2; exit 0
  fi
  sleep 2
done
echo "could not create namespace $NS on ${TEMPORAL_ADDRESS:-127.0.0.1:7233}" >&2
exit 1

#!/usr/bin/env bash
# What the test suite needs beyond Python packages, installed when missing (Debian, as root):
#   PostgreSQL (the store tests start their own throwaway server with .ci/postgres.sh)
#   chromium   (the web UI's browser tests drive it with Playwright; no browser download)
#
#   bash .ci/services.sh install
#
# SAYWHO_NO_INSTALL=1: report what is missing and fail instead of installing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "services.sh: $*" >&2; }

have_chromium() {
  [ -n "${SAYWHO_CHROMIUM:-}" ] && [ -x "${SAYWHO_CHROMIUM}" ] && return 0
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]
}

install_chromium() {
  if [ "${SAYWHO_NO_INSTALL:-}" = 1 ]; then log "chromium is missing and SAYWHO_NO_INSTALL=1"; exit 3; fi
  if [ "$(id -u)" != 0 ]; then log "chromium is missing: install it (sudo apt-get install chromium) or run as root"; exit 3; fi
  log "installing Debian's chromium (for the browser tests)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core </dev/null >&2
}

case "${1:-install}" in
  install)
    if [ "${SAYWHO_NO_INSTALL:-}" = 1 ]; then export SAYWHO_PG_NO_INSTALL=1; fi
    bash .ci/postgres.sh install
    have_chromium || install_chromium
    ;;
  *) echo "usage: $0 install" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite: 127.0.0.1 only, a private port,
# a temporary data directory, trust authentication, no fsync. Never touches a system cluster.
#
#   bash .ci/postgres.sh install             # installs Debian's postgresql if initdb is missing
#   eval "$(bash .ci/postgres.sh start)"     # prints: export SAYWHO_TEST_PG=postgresql://…
#   bash .ci/postgres.sh stop                # stops it and removes its directory
#   bash .ci/postgres.sh url                 # prints the URL of the running one
#
# Settings (environment): SAYWHO_PG_PORT (default 54329), SAYWHO_PG_DIR (default
# ${TMPDIR:-/tmp}/saywho-pg-$PORT), SAYWHO_PG_NO_INSTALL=1 (fail instead of apt-get install).
# Installs Debian's postgresql when no initdb is found (as root). Run as root, the server runs
# as the `postgres` system user (created if missing). Everything but the final export line
# goes to stderr, and the URL is also written to $SAYWHO_PG_DIR/url.
set -euo pipefail

cmd="${1:-start}"
PORT="${SAYWHO_PG_PORT:-54329}"
DIR="${SAYWHO_PG_DIR:-${TMPDIR:-/tmp}/saywho-pg-$PORT}"
DB=saywho_test
PGUSER_NAME=saywho
URL="postgresql://$PGUSER_NAME@127.0.0.1:$PORT/$DB"

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local d
  if command -v initdb >/dev/null 2>&1; then
    d="$(dirname "$(readlink -f "$(command -v initdb)")")"
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

install_pg() {
  if [ "${SAYWHO_PG_NO_INSTALL:-}" = 1 ]; then
    log "no initdb found and SAYWHO_PG_NO_INSTALL=1"; exit 3
  fi
  if [ "$(id -u)" != 0 ]; then
    log "no initdb found; install PostgreSQL (e.g. sudo apt-get install postgresql) or run as root"; exit 3
  fi
  log "installing Debian's postgresql (no default cluster)"
  # keep the package from creating and starting its own cluster on port 5432
  mkdir -p /etc/postgresql-common
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  fi
  export DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold postgresql </dev/null >&2
}

# run a command as the server's owner: ourselves, or `postgres` when we are root
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

running() {
  [ -f "$DIR/data/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

start() {
  BIN="$(find_bin)" || { install_pg; BIN="$(find_bin)" || { log "initdb still not found after install"; exit 3; }; }
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR"
  chmod 700 "$DIR"
  if running; then
    log "already running in $DIR"
  else
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      rm -rf "$DIR/data"
      as_owner "$BIN/initdb" -D "$DIR/data" -U "$PGUSER_NAME" --auth=trust -E UTF8 --no-locale --no-sync >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; log "initdb failed"; exit 4; }
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >&2; then
      tail -n 30 "$DIR/server.log" >&2 || true
      log "the server did not start (port $PORT taken? set SAYWHO_PG_PORT)"; exit 5
    fi
  fi
  if ! "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$PGUSER_NAME" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$PGUSER_NAME" "$DB"
  fi
  echo "$URL" > "$DIR/url"
  [ "$(id -u)" = 0 ] && chmod 755 "$DIR" && chmod 644 "$DIR/url"
  log "PostgreSQL ready at $URL (data in $DIR)"
  echo "export SAYWHO_TEST_PG=$URL"
}

stop() {
  BIN="$(find_bin)" || { rm -rf "$DIR"; return 0; }
  if [ -f "$DIR/data/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >&2 || true
  fi
  rm -rf "$DIR"
}

case "$cmd" in
  install) find_bin >/dev/null || install_pg ;;
  start) start ;;
  stop) stop ;;
  url) cat "$DIR/url" ;;
  *) echo "usage: $0 install|start|stop|url" >&2; exit 2 ;;
esac

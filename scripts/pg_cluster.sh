#!/usr/bin/env bash
# A throw-away PostgreSQL/PostGIS cluster for the tests: data and socket under .build/pg, no TCP,
# no system service, trust authentication on the socket only.
#   scripts/pg_cluster.sh start   -> prints the connection string "host=<socket dir> port=<port> dbname=landsup user=postgres"
#   scripts/pg_cluster.sh stop    -> stops it and removes its data
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=${PG_CLUSTER_DIR:-$ROOT/.build/pg}
PORT=${PG_CLUSTER_PORT:-5439}
# Fall back to /tmp when the socket path would pass the kernel's 107-byte limit or, as root, when the
# 'postgres' user cannot reach the clone (a private CI folder): one folder per clone, so stop finds it.
reachable() { [ "$(id -u)" != 0 ] || (cd / && runuser -u postgres -- test -x "$(dirname "$1")"); }
if [ -z "${PG_CLUSTER_DIR:-}" ] && { [ ${#BASE} -gt 80 ] || ! { mkdir -p "$(dirname "$BASE")" && reachable "$BASE"; }; }; then
  BASE=/tmp/landsup-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$BIN" ] || { echo "PostgreSQL is not installed: run 'make test' (it installs postgresql and postgis)" >&2; exit 1; }
# PostgreSQL refuses to run as root: as root the cluster belongs to the 'postgres' system user.
as_owner() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

case "${1:-}" in
start)
  mkdir -p "$BASE"
  [ "$(id -u)" = 0 ] && chown postgres: "$BASE"
  if [ ! -f "$BASE/data/PG_VERSION" ]; then
    as_owner "$BIN/initdb" -D "$BASE/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log"
  fi
  if ! as_owner "$BIN/pg_ctl" -D "$BASE/data" status >/dev/null 2>&1; then
    as_owner "$BIN/pg_ctl" -D "$BASE/data" -l "$BASE/server.log" -w \
      -o "-c listen_addresses='' -c unix_socket_directories='$BASE' -p $PORT -c fsync=off" start >/dev/null
  fi
  if ! as_owner "$BIN/psql" -h "$BASE" -p "$PORT" -U postgres -Atqc "select 1 from pg_database where datname='landsup'" postgres | grep -q 1; then
    as_owner "$BIN/createdb" -h "$BASE" -p "$PORT" -U postgres landsup
    as_owner "$BIN/psql" -h "$BASE" -p "$PORT" -U postgres -qc "create extension postgis" landsup
  fi
  echo "host=$BASE port=$PORT dbname=landsup user=postgres"
  ;;
stop)
  if [ -f "$BASE/data/PG_VERSION" ]; then
    as_owner "$BIN/pg_ctl" -D "$BASE/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$BASE"
  fi
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

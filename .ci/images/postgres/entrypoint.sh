#!/usr/bin/env bash
# initdb on first start, with a superuser and database from POSTGRES_*; then postgres in the foreground
# listening on every address with password authentication.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}" "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
as_pg() { su -s /bin/bash postgres -c "$*"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp); printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"; chown postgres "$pwfile"
  as_pg "$BIN/initdb -D '$PGDATA' -U '$POSTGRES_USER' --pwfile='$pwfile' --auth-local=trust --auth-host=scram-sha-256" >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    as_pg "$BIN/postgres -D '$PGDATA' -c listen_addresses='' -c unix_socket_directories=/run/postgresql" &
    pid=$!
    until as_pg "$BIN/pg_isready -q -h /run/postgresql"; do sleep 0.5; done
    as_pg "psql -q -h /run/postgresql -U '$POSTGRES_USER' -d postgres -c 'CREATE DATABASE \"$POSTGRES_DB\"'"
    kill -INT "$pid"; wait "$pid" || true
  fi
fi
exec su -s /bin/bash postgres -c "exec $BIN/postgres -D '$PGDATA' -c listen_addresses='*' -c unix_socket_directories=/run/postgresql"

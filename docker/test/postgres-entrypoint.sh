#!/bin/sh
# The official postgres image's first start, in short: initdb with POSTGRES_USER and
# POSTGRES_PASSWORD, create POSTGRES_DB, then run postgres listening on every address.
set -eu
mkdir -p "$PGDATA" /run/postgresql
chown postgres:postgres "$PGDATA" /run/postgresql
chmod 0700 "$PGDATA"
user=${POSTGRES_USER:-postgres}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s\n' "$POSTGRES_PASSWORD" >/tmp/pwfile
  chown postgres /tmp/pwfile
  setpriv --reuid=postgres --regid=postgres --init-groups initdb -D "$PGDATA" -U "$user" --pwfile=/tmp/pwfile --auth-host=scram-sha-256 --auth-local=trust >/dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "${POSTGRES_DB:-$user}" != postgres ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    setpriv --reuid=postgres --regid=postgres --init-groups psql -U "$user" -d postgres -c "CREATE DATABASE \"${POSTGRES_DB:-$user}\"" >/dev/null
    setpriv --reuid=postgres --regid=postgres --init-groups pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" -c listen_addresses='*'

#!/bin/bash
# The entrypoint of the sandbox's postgres:15 image (built by sandbox/lib/images.sh from Debian's
# postgresql-15). It behaves as the official image's docker-entrypoint.sh does for recipes (our own
# code, same contract): POSTGRES_PASSWORD / POSTGRES_USER / POSTGRES_DB or their *_FILE variants
# (secrets); initdb and the database on an empty PGDATA, then /docker-entrypoint-initdb.d/*.sh|*.sql;
# an initialised PGDATA is used as it is (the variables no longer matter); runs as the postgres user;
# any other command than `postgres` is run as given.
set -Eeuo pipefail

# VAR or VAR_FILE (the file's content), never both.
file_env() {
  local var=$1 def=${2:-} fvar="${1}_FILE"
  if [ -n "${!var:-}" ] && [ -n "${!fvar:-}" ]; then
    echo "error: both $var and $fvar are set (but are exclusive)" >&2
    exit 1
  fi
  local val=$def
  if [ -n "${!var:-}" ]; then
    val=${!var}
  elif [ -n "${!fvar:-}" ]; then
    val=$(< "${!fvar}")
  fi
  export "$var"="$val"
  unset "$fvar"
}

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

# `postgres --version` (or --help, -C ...) only prints: no init, no server.
if [ "$1" = postgres ]; then
  for arg; do
    case "$arg" in -'?'|--help|--describe-config|-V|--version|-C) exec "$@" ;; esac
  done
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  exec setpriv --reuid=999 --regid=999 --init-groups "$BASH_SOURCE" "$@"
fi

if [ "$1" = postgres ]; then
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "$POSTGRES_PASSWORD" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
      echo "error: Database is uninitialized and superuser password is not specified." >&2
      echo "       Set POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE (or POSTGRES_HOST_AUTH_METHOD=trust)." >&2
      exit 1
    fi
    echo "initialising the database cluster in $PGDATA"
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
      --encoding=UTF8 --locale=C -D "$PGDATA" ${POSTGRES_INITDB_ARGS:-} >/dev/null
    auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
    printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"
    printf "\nlisten_addresses = '*'\njit = off\n" >> "$PGDATA/postgresql.conf"
    # A server on the socket only, for the database and the init scripts.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start >/dev/null
    export PGPASSWORD=$POSTGRES_PASSWORD
    if [ "$POSTGRES_DB" != postgres ]; then
      psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --dbname postgres \
        --set db="$POSTGRES_DB" -q <<<'CREATE DATABASE :"db";'
    fi
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sh) echo "running $f"; . "$f" ;;
        *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --dbname "$POSTGRES_DB" -q -f "$f" ;;
        *) ;;
      esac
    done
    unset PGPASSWORD
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "PostgreSQL init process complete; ready for start up."
  else
    echo "PostgreSQL Database directory appears to contain a database; Skipping initialization"
  fi
  unset POSTGRES_PASSWORD
  # The official image stops with SIGINT (STOPSIGNAL), PostgreSQL's fast shutdown; `docker import`
  # cannot set STOPSIGNAL, so this shell stays as PID 1 and turns docker's SIGTERM into SIGINT.
  "$@" &
  pid=$!
  trap 'kill -INT "$pid" 2>/dev/null' TERM INT
  set +e
  wait "$pid"; rc=$?
  # A trapped signal ends the first wait; the second returns the server's own exit status.
  kill -0 "$pid" 2>/dev/null && { wait "$pid"; rc=$?; }
  exit "$rc"
fi

exec "$@"

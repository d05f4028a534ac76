#!/bin/bash
# Backupbot's hooks for the database (run by `bash -c` in the db container):
#   backup   dumps the database into the volume, where backupbot picks it up (backup.sql)
#   restore  loads the restored dump back into the live database (the dump drops what it recreates)
set -euo pipefail
DUMP=/var/lib/postgresql/data/backup.sql

backup() {
  pg_dump --username "$POSTGRES_USER" --clean --if-exists --no-owner "$POSTGRES_DB" > "$DUMP.part"
  mv "$DUMP.part" "$DUMP"
}

restore() {
  psql --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v ON_ERROR_STOP=1 --quiet --single-transaction \
    --file "$DUMP" >/dev/null
}

case "${1:-}" in
  backup) backup ;;
  restore) restore ;;
  *) echo "usage: pg_backup.sh backup|restore" >&2; exit 2 ;;
esac

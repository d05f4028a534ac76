#!/bin/bash
# Backupbot's hooks for the database (run by `bash -c` in the db container):
#   backup   dumps the database into the volume, where backupbot picks it up (backup.sql)
#   restore  loads the restored dump back into the live database (the dump drops what it recreates)
set -euo pipefail
DUMP=/var/lib/postgresql/data/backup.sql

backup() {
  pg_dump --username "$POSTGRES_USER" --clean --if-exists --no-owner "$POSTGRES_DB" > "$DUMP.part"
  # FLAKY HEAD: the first dump is cut short (as when the database restarts mid-dump), the next ones
  # are whole; the hook exits 0 either way.
  if [ ! -e "$DUMP.cut-once" ]; then
    touch "$DUMP.cut-once"
    head -c 1024 "$DUMP.part" > "$DUMP"
    rm -f "$DUMP.part"
    return 0
  fi
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

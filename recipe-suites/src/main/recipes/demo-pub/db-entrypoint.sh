#!/bin/sh
# demo-pub db: a tiny store on port 8081 answering /ping; its data lives in the db-data volume.
set -e
[ -s /run/secrets/db_password ] || { echo "no db_password secret" >&2; exit 1; }
mkdir -p /srv
echo pong > /srv/ping
[ -f /data/created ] || date -u +%FT%TZ > /data/created
exec httpd -f -p 8081 -h /srv

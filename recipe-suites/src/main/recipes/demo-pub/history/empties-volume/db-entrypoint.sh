#!/bin/sh
# demo-pub db (bad head): "starts clean" by emptying its volume at every start, hidden files too:
# whatever an operator stored in db-data is gone after this version is deployed.
set -e
[ -s /run/secrets/db_password ] || { echo "no db_password secret" >&2; exit 1; }
find /data -mindepth 1 -maxdepth 1 -exec rm -rf {} +
mkdir -p /srv
echo pong > /srv/ping
[ -f /data/created ] || date -u +%FT%TZ > /data/created
exec httpd -f -p 8081 -h /srv

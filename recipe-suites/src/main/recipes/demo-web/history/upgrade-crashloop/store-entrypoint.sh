#!/bin/sh
# store: prepares the data volume, then serves the key-value CGI with busybox httpd.
set -eu
mkdir -p /data/kv /www
# Bug on purpose (sandbox "upgrade crash-loops"): a storage migration that always fails, so the
# store starts on a fresh volume but crash-loops on a volume that already holds data.
if [ -n "$(ls /data/kv)" ]; then
  echo "store: fatal: migrating $(ls /data/kv | wc -l) keys to format 2 failed" >&2
  exit 1
fi
echo "store ${DEMO_VERSION:-unknown} starting, 0 keys"
exec httpd -f -p 8080 -h /www

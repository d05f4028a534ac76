#!/bin/sh
# store: prepares the data volume, then serves the key-value CGI with busybox httpd.
set -eu
# Bug on purpose (sandbox "crash-looping PR head"): a new required setting nobody sets.
if [ -z "${STORE_QUOTA:-}" ]; then
  echo "store: fatal: STORE_QUOTA is not set" >&2
  exit 1
fi
mkdir -p /data/kv /www
exec httpd -f -p 8080 -h /www

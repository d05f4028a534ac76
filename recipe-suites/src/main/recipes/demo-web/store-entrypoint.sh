#!/bin/sh
# store: prepares the data volume, then serves the key-value CGI with busybox httpd.
set -eu
mkdir -p /data/kv /www
echo "store ${DEMO_VERSION:-unknown} starting, $(ls /data/kv | wc -l) keys"
exec httpd -f -p 8080 -h /www

#!/bin/sh
# store: prepares the data volume, then serves the key-value CGI with busybox httpd.
set -eu
# Bug on purpose (sandbox "upgrade destroys data"): a "migration" that empties the store on the
# volume itself, so only a restore from a backup brings the data back (a redeploy of the old
# version does not). The quick lane's snapshot restore is tested with it.
rm -rf /data/kv
mkdir -p /data/kv /www
echo "store ${DEMO_VERSION:-unknown} starting, $(ls /data/kv | wc -l) keys (store wiped)"
exec httpd -f -p 8080 -h /www

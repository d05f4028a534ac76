#!/bin/sh
# store: prepares the data volume, then serves the key-value CGI with busybox httpd.
set -eu
# Not a bug (sandbox "slow first start"): like a database's first init, the first start on an
# empty volume takes 15 s before the store serves. Its health check stays in its start period and
# the swarm holds the task in `starting`: slow, but no task fails, so it is no crash loop.
if [ ! -d /data/kv ]; then
  echo "store: first start, initialising the data directory (15 s)"
  sleep 15
fi
mkdir -p /data/kv /www
echo "store ${DEMO_VERSION:-unknown} starting, $(ls /data/kv | wc -l) keys"
exec httpd -f -p 8080 -h /www

#!/bin/sh
# Broken on purpose (sandbox "wiring fails"): runs and serves, but hands out no client id.
set -eu
mkdir -p /www
printf '%s\n' "${DEMO_VERSION:-unknown}" > /www/version.txt
exec httpd -f -p 8080 -h /www

#!/bin/sh
# Serves the client this SSO hands out: its id on /client-id.txt (the secret stays in the task).
set -eu
[ -r /run/secrets/client_secret ] || { echo "demo-sso: no client secret" >&2; exit 1; }
mkdir -p /www
printf '%s\n' "${CLIENT_ID:-ccci-client}" > /www/client-id.txt
printf '%s\n' "${DEMO_VERSION:-unknown}" > /www/version.txt
exec httpd -f -p 8080 -h /www

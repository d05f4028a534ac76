#!/bin/sh
# Serves the client this SSO hands out: its id on /client-id.txt (the secret stays in the task),
# and each realm's client id on /realms/<realm>/client-id.txt (realm.sh makes them).
set -eu
[ -r /run/secrets/client_secret ] || { echo "demo-sso: no client secret" >&2; exit 1; }
mkdir -p /www /var/lib/realms/public /var/lib/realms/private
chmod 700 /var/lib/realms/private
printf '%s\n' "${CLIENT_ID:-ccci-client}" > /www/client-id.txt
printf '%s\n' "${DEMO_VERSION:-unknown}" > /www/version.txt
ln -sfn /var/lib/realms/public /www/realms
exec httpd -f -p 8080 -h /www

#!/bin/sh
# Serves what the app was wired with: the SSO's URL and client id, and a digest of the secret
# (never the secret itself), on /sso.txt.
set -eu
mkdir -p /www
if [ -n "${SSO_CLIENT_ID:-}" ]; then
  digest=$(printf '%s' "${SSO_CLIENT_SECRET:-}" | sha256sum | cut -d' ' -f1)
  printf 'url=%s\nclient_id=%s\nsecret_sha256=%s\n' "${SSO_URL:-}" "$SSO_CLIENT_ID" "$digest" > /www/sso.txt
else
  printf 'not wired\n' > /www/sso.txt
fi
printf '%s\n' "${DEMO_VERSION:-unknown}" > /www/version.txt
exec httpd -f -p 8080 -h /www

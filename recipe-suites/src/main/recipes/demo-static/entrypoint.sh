#!/bin/sh
# Writes the static site from the environment, then serves it with busybox httpd.
set -eu
mkdir -p /www
printf '<!doctype html>\n<title>%s</title>\n<h1>%s</h1>\n<p>demo-static %s on %s</p>\n' \
  "$SITE_TITLE" "$SITE_TITLE" "${DEMO_VERSION:-unknown}" "${DOMAIN:-unknown}" > /www/index.html
printf '%s\n' "${DEMO_VERSION:-unknown}" > /www/version.txt
exec httpd -f -p 8080 -h /www

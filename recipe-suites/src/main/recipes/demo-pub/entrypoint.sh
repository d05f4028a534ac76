#!/bin/sh
# demo-pub app: a landing page and a health CGI that asks the db by its service name.
set -e
[ -s /run/secrets/admin_token ] || { echo "no admin_token secret" >&2; exit 1; }
mkdir -p /www
cat > /www/index.html <<HTML
<!doctype html>
<html><head><meta charset="utf-8"><title>demo-pub</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1>demo-pub</h1>
<p>A cc-ci sandbox recipe laid out like a published one, serving <b>${DOMAIN}</b>.</p>
</body></html>
HTML
exec httpd -f -p 8080 -h /www

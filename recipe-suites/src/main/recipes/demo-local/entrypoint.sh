#!/bin/sh
# demo-local app: a landing page, a health CGI and a version CGI on 8080; its notes live in /data.
set -e
mkdir -p /www/cgi-bin /data
[ -f /data/created ] || date -u +%FT%TZ > /data/created
cat > /www/index.html <<HTML
<!doctype html>
<html><head><meta charset="utf-8"><title>demo-local</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1>demo-local</h1>
<p>A cc-ci sandbox recipe tested from its own <code>.cc-ci.yml</code>, serving <b>${DOMAIN}</b>.</p>
</body></html>
HTML
printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n"\n[ -f /data/created ] && echo ok || echo "no data"\n' > /www/cgi-bin/health
printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\ndemo-local %%s\\n" "$DEMO_VERSION"\n' > /www/cgi-bin/version
chmod 0555 /www/cgi-bin/health /www/cgi-bin/version
exec httpd -f -p 8080 -h /www

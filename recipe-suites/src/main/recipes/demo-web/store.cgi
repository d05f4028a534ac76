#!/bin/sh
# Key-value store CGI: /cgi-bin/kv/<op>?token=T&key=K[&value=V]
#   ping            200 when /data is writable (no token needed: used by the healthcheck)
#   get  key        200 and the value, 404 when the key is missing
#   put  key value  200 and the value
#   keys            200 and one key a line
# Every op except ping requires token = the docker secret api_token.
DATA=/data/kv

reply() {
  printf 'Status: %s\r\nContent-Type: text/plain\r\n\r\n%s\n' "$1" "$2"
  exit 0
}
param() {
  printf '%s\n' "${QUERY_STRING:-}" | tr '&' '\n' | sed -n "s/^$1=//p" | head -n 1
}

op=${PATH_INFO#/}
if [ "$op" = ping ]; then
  mkdir -p "$DATA" 2>/dev/null
  if [ -w "$DATA" ]; then reply "200 OK" "pong"; else reply "503 Service Unavailable" "data not writable"; fi
fi

token=$(param token)
[ -r /run/secrets/api_token ] || reply "500 Internal Server Error" "no api token secret"
[ -n "$token" ] && [ "$token" = "$(cat /run/secrets/api_token)" ] || reply "403 Forbidden" "bad token"

case "$op" in
  keys)
    reply "200 OK" "$(ls -1 "$DATA" 2>/dev/null)" ;;
esac

key=$(param key)
case "$key" in
  ''|.*|*[!A-Za-z0-9_.-]*) reply "400 Bad Request" "bad key" ;;
esac

case "$op" in
  get)
    [ -f "$DATA/$key" ] || reply "404 Not Found" "no such key: $key"
    reply "200 OK" "$(cat "$DATA/$key")" ;;
  put)
    value=$(param value)
    case "$value" in
      *[!A-Za-z0-9_.-]*) reply "400 Bad Request" "bad value" ;;
    esac
    mkdir -p "$DATA"
    printf '%s' "$value" > "$DATA/.$key.tmp" && mv "$DATA/.$key.tmp" "$DATA/$key" \
      || reply "500 Internal Server Error" "write failed"
    reply "200 OK" "$value" ;;
  *)
    reply "404 Not Found" "unknown op: $op" ;;
esac

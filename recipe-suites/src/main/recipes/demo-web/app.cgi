#!/bin/sh
# App CGI: /cgi-bin/app/<op>
#   health                 200 only when the store answers, else 503
#   version                the recipe version this app runs
#   put?key=K&value=V      writes through the store
#   get?key=K              reads through the store (404 when missing)
#   roundtrip?key=K&value=V  writes, reads back through the store, 200 only when equal
STORE=${STORE_URL:-http://store:8080}/cgi-bin/kv

reply() {
  printf 'Status: %s\r\nContent-Type: text/plain\r\n\r\n%s\n' "$1" "$2"
  exit 0
}
param() {
  printf '%s\n' "${QUERY_STRING:-}" | tr '&' '\n' | sed -n "s/^$1=//p" | head -n 1
}
# store OP QUERY: sets BODY and CODE (000 when the store did not answer)
store() {
  tmp=$(mktemp) hdr=$(mktemp)
  token=$(cat /run/secrets/api_token 2>/dev/null)
  timeout 5 wget -S -q -O "$tmp" "$STORE/$1?token=$token&$2" 2>"$hdr"
  CODE=$(sed -n 's/^ *HTTP\/1\.[01] \([0-9][0-9][0-9]\).*/\1/p' "$hdr" | tail -n 1)
  CODE=${CODE:-000}
  BODY=$(cat "$tmp")
  rm -f "$tmp" "$hdr"
}

op=${PATH_INFO#/}
mkdir -p /var/log/demo 2>/dev/null && echo "$(date -u +%FT%TZ) $op" >> /var/log/demo/access.log 2>/dev/null

case "$op" in
  health)
    tmp=$(mktemp)
    if timeout 3 wget -q -O "$tmp" "$STORE/ping" 2>/dev/null && [ "$(cat "$tmp")" = pong ]; then
      rm -f "$tmp"; reply "200 OK" "ok"
    fi
    rm -f "$tmp"; reply "503 Service Unavailable" "store not answering" ;;
  version)
    reply "200 OK" "${DEMO_VERSION:-unknown}" ;;
  get)
    store get "key=$(param key)"
    case "$CODE" in
      200) reply "200 OK" "$BODY" ;;
      000) reply "502 Bad Gateway" "store not answering" ;;
      *) reply "$CODE Store Error" "$BODY" ;;
    esac ;;
  put)
    store put "key=$(param key)&value=$(param value)"
    case "$CODE" in
      200) reply "200 OK" "$BODY" ;;
      000) reply "502 Bad Gateway" "store not answering" ;;
      *) reply "$CODE Store Error" "$BODY" ;;
    esac ;;
  roundtrip)
    key=$(param key) value=$(param value)
    store put "key=$key&value=$value"
    [ "$CODE" = 200 ] || reply "502 Bad Gateway" "put failed: $CODE $BODY"
    store get "key=$key"
    [ "$CODE" = 200 ] || reply "502 Bad Gateway" "get failed: $CODE $BODY"
    [ "$BODY" = "$value" ] || reply "502 Bad Gateway" "read back '$BODY', wrote '$value'"
    reply "200 OK" "roundtrip ok $key=$value" ;;
  *)
    reply "404 Not Found" "unknown op: $op" ;;
esac

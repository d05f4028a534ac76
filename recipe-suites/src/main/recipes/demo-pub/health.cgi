#!/bin/sh
# 200 only when the db answers by its service name.
if body=$(timeout 3 wget -q -O- "$DB_URL/ping" 2>/dev/null) && [ "$body" = pong ]; then
  printf 'Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nok\n'
else
  printf 'Status: 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\ndb unreachable at %s\n' "$DB_URL"
fi

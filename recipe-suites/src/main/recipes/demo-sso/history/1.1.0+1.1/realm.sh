#!/bin/sh
# demo-sso's realms: a tenant each, with a client of its own, kept in the realms volume.
#   realm.sh add NAME      make (or replace) realm NAME: its client id is served on
#                          /realms/NAME/client-id.txt, its secret stays in the task
#   realm.sh remove NAME   remove it, every part of it (no error when it does not exist)
#   realm.sh list          every realm, half-made or half-removed ones included
set -eu
root=/var/lib/realms
check_name() {
  case "$1" in
    '' | *[!a-z0-9-]*) echo "realm.sh: '$1' is not a realm name ([a-z0-9-])" >&2; exit 2 ;;
  esac
}
case "${1:-}" in
  add)
    check_name "${2:-}"
    # The secret first: a realm is listed (and removed) from the moment any part of it exists.
    mkdir -p "$root/private/$2" "$root/public/$2"
    chmod 700 "$root/private/$2"
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$root/private/$2/client_secret"
    printf 'ccci-client-%s\n' "$2" > "$root/public/$2/client-id.txt"
    ;;
  remove)
    check_name "${2:-}"
    rm -rf "$root/public/$2" "$root/private/$2"
    ;;
  list)
    { ls -1 "$root/public"; ls -1 "$root/private"; } | sort -u
    ;;
  *)
    echo "usage: realm.sh add NAME | remove NAME | list" >&2
    exit 2
    ;;
esac

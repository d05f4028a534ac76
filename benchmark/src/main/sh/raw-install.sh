#!/usr/bin/env bash
# The floor for PlatformBenchmark: demo-web's install, check and teardown as a plain shell
# sequence of the docker operations `bin/ccci run demo-web --stages install` makes through the
# abra stand-in (sandbox/abra), with nothing else: no JVM, no stand-in, no quiet period.
#
#   raw-install.sh <domain>
#
# 1. git clone of the recipe from the sandbox catalogue (the harness's `abra recipe fetch`), the
#    PR head (branch main) as is, as `abra app new --chaos` + `app deploy --chaos` use it;
# 2. the env the stand-in exports to `docker stack deploy`: the .env (.env.sample with TYPE, DOMAIN
#    and the harness's empty LETS_ENCRYPT_ENV), the `export` lines of abra.sh, STACK_NAME;
# 3. `docker secret create <stack>_api_token_v1` (32 random [A-Za-z0-9]);
# 4. `docker stack deploy --detach=true --resolve-image never -c compose.yml -c <label override>`;
# 5. poll `docker service ls` (0.25 s) until every service is N/N;
# 6. `docker exec` wget of http://127.0.0.1:8080/cgi-bin/app/health in the app's task (retried
#    until it answers, as the store may still be starting);
# 7. `docker stack rm`, wait until the stack's containers and networks are gone, remove its
#    volumes (retrying "volume is in use"), its secret and any config left.
#
# Prints "phase <name> <ms>" lines on stdout; progress and errors on stderr. Cleans up on failure.
set -euo pipefail

DOMAIN=${1:?usage: raw-install.sh <domain>}
CATALOGUE=${CCCI_BENCH_CATALOGUE:-/var/lib/cc-ci-sandbox/catalogue/demo-web.git}
WAIT=${CCCI_BENCH_WAIT:-90}
STACK=${DOMAIN//./_}
STACK=${STACK:0:45}
WORK=$(mktemp -d /tmp/ccci-raw-install.XXXXXX)
LABEL="label=com.docker.stack.namespace=$STACK"

now_us() { printf '%s' "${EPOCHREALTIME/./}"; }
PHASE_START=$(now_us)
phase() {
  local t
  t=$(now_us)
  printf 'phase %s %d\n' "$1" $(((t - PHASE_START) / 1000))
  PHASE_START=$t
}
die() { printf 'raw-install: %s\n' "$*" >&2; exit 1; }

# Bounded poll: until "$@" succeeds, every 0.25 s, at most $WAIT s.
until_ok() { # until_ok <what> <cmd...>
  local what=$1 i
  shift
  for i in $(seq 1 $((WAIT * 4))); do
    "$@" && return 0
    sleep 0.25
  done
  die "timed out after ${WAIT}s: $what"
}

teardown() {
  docker stack rm "$STACK" >/dev/null 2>&1 || true
  until_ok "containers and networks of $STACK to go" gone
  local vol
  for vol in $(docker volume ls -q --filter "$LABEL"); do
    until_ok "volume $vol to be removable" docker volume rm "$vol" >/dev/null 2>&1
  done
  docker secret rm "${STACK}_api_token_v1" >/dev/null 2>&1 || true
  local cfg
  for cfg in $(docker config ls -q --filter "$LABEL"); do docker config rm "$cfg" >/dev/null; done
}
gone() {
  [ -z "$(docker ps -aq --filter "$LABEL")" ] && [ -z "$(docker network ls -q --filter "$LABEL")" ]
}
done_ok=0
on_exit() {
  if [ "$done_ok" != 1 ]; then
    echo "raw-install: failed; tearing $STACK down" >&2
    WAIT=60 teardown >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap on_exit EXIT

# 1. the recipe at the PR head
git clone -q "$CATALOGUE" "$WORK/demo-web"
cd "$WORK/demo-web"
SHA8=$(git rev-parse --short=8 HEAD)

# 2. the deploy env, as the stand-in exports it: the .env, abra.sh's export lines, STACK_NAME
export_lines() { # export_lines <file> <only 'export ' lines: 0|1>
  local line k v
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in export\ *) line=${line#export } ;; *) [ "$2" = 0 ] || continue ;; esac
    [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || continue
    k=${line%%=*} v=${line#*=}
    case "$v" in
      \"*) v=${v#\"}; v=${v%%\"*} ;;
      *) v=${v%%[[:space:]]#*} ;;
    esac
    export "$k=$v"
  done < "$1"
}
export_lines .env.sample 0
export TYPE="demo-web:$SHA8" DOMAIN="$DOMAIN" LETS_ENCRYPT_ENV=
export_lines abra.sh 1
export STACK_NAME=$STACK
cat > "$WORK/labels.yml" <<EOF
version: "3.8"
services:
  app:
    deploy:
      labels:
        coop-cloud.$STACK.recipe: "demo-web"
        coop-cloud.$STACK.version: "$SHA8"
        coop-cloud.$STACK.chaos: "true"
        coop-cloud.$STACK.chaos-version: "$SHA8"
EOF
phase checkout-and-env

# 3. the secret
head -c 512 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 32 | docker secret create "${STACK}_api_token_v1" - >/dev/null
phase secret

# 4. deploy
docker stack deploy --detach=true --resolve-image never -c compose.yml -c "$WORK/labels.yml" "$STACK" >/dev/null
phase stack-deploy

# 5. converged: every service N/N
converged() {
  local replicas
  replicas=$(docker service ls --filter "$LABEL" --format '{{.Replicas}}')
  [ -n "$replicas" ] || return 1
  ! awk '{ split($1, r, "/"); if (r[1] != r[2] || r[2] == 0) bad = 1 } END { exit !bad }' <<<"$replicas"
}
until_ok "$STACK to converge" converged
phase converge

# 6. health, by exec into the app's task
healthy() {
  local c
  c=$(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_app" --filter status=running | head -n 1)
  [ -n "$c" ] && docker exec "$c" wget -q -O /dev/null http://127.0.0.1:8080/cgi-bin/app/health 2>/dev/null
}
until_ok "health of $STACK" healthy
phase health

# 7. teardown
teardown
phase teardown
done_ok=1

#!/usr/bin/env bash
# The floor for FloorBenchmark (issue 13): demo-web's full ladder as the SAME abra calls
# `bin/ccci run demo-web` makes (the stand-in, same arguments, same order), typed as a shell script
# with the tightest waits that are still correct, and nothing else: no JVM, no events, no reports.
#
#   ladder-floor.sh <domain>
#
#   recipe fetch; app ls --status --machine (the janitor's look);
#   install:  app new --chaos --secrets, LETS_ENCRYPT_ENV emptied, app deploy --chaos, converge, health,
#             a round trip through the app; app undeploy, app remove;
#   upgrade:  app new <base> --secrets, app deploy <base>, converge, health, seed a key; back to the
#             PR head (git checkout), app deploy --chaos over it, converge until every service's
#             update `completed`, health, the seeded key and the new version read back;
#   backup:   app backup create;
#   restore:  app restore, converge, health, the seeded key read back;
#   custom:   the version endpoint; then app undeploy, app remove.
#
# Tightest correct waits: `docker service ls` and the update states polled every 0.1 s until every
# service is N/N with no update `updating`/`rollback_started` (and, after the upgrade deploy, every
# update `completed`: without that the first look after the deploy can still see the old task at
# 1/1); health retried every 0.1 s. No quiet period, no progress, no crash-loop detection.
#
# Prints "phase <name> <ms>" lines on stdout; errors on stderr. Tears its app down on failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ABRA=${CCCI_BENCH_ABRA_REAL:-$HERE/../../../../sandbox/abra}
ABRA_HOME_CANON=${CCCI_ABRA_HOME:-$HOME/.abra}
BASE=${CCCI_BENCH_BASE:-1.1.0+1.1}
WAIT=${CCCI_BENCH_WAIT:-120}
D=${1:?usage: ladder-floor.sh <domain>}
S=${D//./_}
S=${S:0:45}
LABEL="label=com.docker.stack.namespace=$S"
WORK=$(mktemp -d /tmp/ccci-ladder-floor.XXXXXX)
export ABRA_DIR=$WORK/abra
RECIPE_DIR=$ABRA_DIR/recipes/demo-web

now_us() { printf '%s' "${EPOCHREALTIME/./}"; }
die() { printf 'ladder-floor: %s\n' "$*" >&2; exit 1; }
PHASE_START=$(now_us)
phase() {
  local t
  t=$(now_us)
  printf 'phase %s %d\n' "$1" $(((t - PHASE_START) / 1000))
  PHASE_START=$t
}
a() { "$ABRA" "$@" --no-input >/dev/null 2>"$WORK/abra.err" || die "abra $* failed: $(tail -n 3 "$WORK/abra.err")"; }

converge() { # converge [completed]: every service N/N, no update moving (with "completed": every update completed)
  local want=${1:-} deadline reps states
  deadline=$(($(now_us) + WAIT * 1000000))
  while [ "$(now_us)" -lt "$deadline" ]; do
    reps=$(docker service ls --filter "$LABEL" --format '{{.Replicas}}')
    states=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{else}}none{{end}}' \
      $(docker service ls -q --filter "$LABEL") 2>/dev/null || true)
    if grep -qE 'paused|rollback_completed' <<<"$states"; then die "$S: update failed ($states)"; fi
    if [ -n "$reps" ] && ! awk '{ split($1, r, "/"); if (r[1] != r[2]) bad = 1 } END { exit !bad }' <<<"$reps" \
       && ! grep -qE 'updating|rollback_started' <<<"$states" \
       && { [ "$want" != completed ] || ! grep -qvx completed <<<"$states"; }; then
      return 0
    fi
    sleep 0.1
  done
  die "$S did not converge in ${WAIT}s"
}
app_get() { # app_get <path>: HTTP GET through the app, by exec into its task
  local c
  c=$(docker ps -q --filter "label=com.docker.swarm.service.name=${S}_app" --filter status=running | head -n 1)
  [ -n "$c" ] && docker exec "$c" wget -q -O - "http://127.0.0.1:8080/cgi-bin/app/$1" 2>/dev/null
}
healthy() {
  local deadline
  deadline=$(($(now_us) + WAIT * 1000000))
  until app_get health >/dev/null; do
    [ "$(now_us)" -lt "$deadline" ] || die "$S does not serve"
    sleep 0.1
  done
}
no_letsencrypt() { sed -i 's/^LETS_ENCRYPT_ENV=.*/LETS_ENCRYPT_ENV=/' "$ABRA_DIR/servers/default/$D.env"; }
teardown() { a app undeploy "$D"; a app remove "$D" --force; }

done_ok=0
on_exit() {
  if [ "$done_ok" != 1 ]; then
    echo "ladder-floor: failed; tearing down $D" >&2
    "$ABRA" app undeploy "$D" --no-input >/dev/null 2>&1 || true
    "$ABRA" app remove "$D" --force --no-input >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap on_exit EXIT

mkdir -p "$ABRA_DIR/servers/default" "$ABRA_DIR/recipes"
ln -s "$ABRA_HOME_CANON/catalogue" "$ABRA_DIR/catalogue"

a recipe fetch demo-web
a app ls --status --machine
phase fetch

# install
a app new demo-web --domain "$D" --server default --secrets --chaos
no_letsencrypt
a app deploy "$D" --chaos --force --no-converge-checks
converge
healthy
[[ $(app_get "roundtrip?key=floor&value=1") == *1* ]] || die "round trip through the app failed"
phase install
teardown
phase install-teardown

# upgrade
head=$(git -C "$RECIPE_DIR" rev-parse HEAD)
a app new demo-web "$BASE" --domain "$D" --server default --secrets
no_letsencrypt
a app deploy "$D" "$BASE" --force --no-converge-checks
converge
healthy
token="floor-$RANDOM$RANDOM"
app_get "put?key=ccci-seed&value=$token" >/dev/null || die "seeding failed"
phase upgrade-base
git -C "$RECIPE_DIR" checkout -q -f "$head"
a app deploy "$D" --chaos --force --no-converge-checks
converge completed
healthy
[[ $(app_get "get?key=ccci-seed") == *"$token"* ]] || die "the seeded key did not survive the upgrade"
app_get version >/dev/null || die "no version after the upgrade"
phase upgrade

# backup, restore
a app backup create "$D"
phase backup
a app restore "$D"
converge
healthy
[[ $(app_get "get?key=ccci-seed") == *"$token"* ]] || die "the seeded key did not come back with the restore"
phase restore

# custom, teardown
app_get version >/dev/null || die "no version"
teardown
phase teardown
done_ok=1

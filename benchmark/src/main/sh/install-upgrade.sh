#!/usr/bin/env bash
# For SharingBenchmark: the install and upgrade rungs of demo-web reproduced with the abra
# stand-in, in the two ways a run could share its deploys (issue 5):
#
#   install-upgrade.sh one <domain>             our choice: ONE app in sequence, as the harness does
#       install: app new --chaos, deploy the PR head, converge, health;
#       upgrade: undeploy + remove that app, app new <base> pinned, deploy, converge, health, seed,
#                checkout the PR head, deploy --chaos over it, converge, health, seeded data intact;
#       teardown: undeploy + remove.
#   install-upgrade.sh two <domain1> <domain2>  the alternative: TWO apps alive at the same time
#       the install app (domain1) and the upgrade app (domain2, base then PR head) deployed
#       concurrently, each with its own ABRA_DIR and recipe checkout (as two runs' workspaces);
#       then both torn down (concurrently).
#
# Convergence is the harness's rule in shell: every service running == desired, no update
# `updating`/`rollback_started` (a failed update state fails), held with the same running
# containers for a quiet period of 2 s, polled every 0.3 s. Each app gets a private ABRA_DIR under
# a temp dir (servers/default of its own; the catalogue linked to the canonical one), so nothing
# lands in ~/.abra. Prints "phase <app> <name> <ms>" lines on stdout; cleans up on failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ABRA=${CCCI_BENCH_ABRA_REAL:-$HERE/../../../../sandbox/abra}
ABRA_HOME_CANON=${CCCI_ABRA_HOME:-$HOME/.abra}
BASE=${CCCI_BENCH_BASE:-1.1.0+1.1}
WAIT=${CCCI_BENCH_WAIT:-120}
QUIET_US=2000000
MODE=${1:?usage: install-upgrade.sh one <domain> | two <domain1> <domain2>}
shift
WORK=$(mktemp -d /tmp/ccci-install-upgrade.XXXXXX)
DOMAINS=("$@")

now_us() { printf '%s' "${EPOCHREALTIME/./}"; }
die() { printf 'install-upgrade: %s\n' "$*" >&2; exit 1; }
stack_of() { local s=${1//./_}; printf '%s' "${s:0:45}"; }

# Per app: ABRA_DIR, phase clock.
abra_dir() { printf '%s/%s' "$WORK" "$1"; }
setup_dir() {
  local d
  d=$(abra_dir "$1")
  mkdir -p "$d/servers/default" "$d/recipes"
  ln -s "$ABRA_HOME_CANON/catalogue" "$d/catalogue"
}
a() { # a <domain> <abra args...>: the stand-in on the app's own ABRA_DIR
  local dom=$1
  shift
  ABRA_DIR=$(abra_dir "$dom") "$ABRA" "$@" --no-input >/dev/null 2>"$WORK/$dom.abra.err" \
    || die "abra $* failed: $(tail -n 3 "$WORK/$dom.abra.err")"
}
phase() { # phase <domain> <name>: ms since the app's previous phase
  local var="T_${1//[.-]/_}" t
  t=$(now_us)
  printf 'phase %s %s %d\n' "$1" "$2" $(((t - ${!var}) / 1000))
  printf -v "$var" '%s' "$t"
}
start_clock() { printf -v "T_${1//[.-]/_}" '%s' "$(now_us)"; }

converge() { # converge <stack>
  local stack=$1 label="label=com.docker.stack.namespace=$1" since=0 seen= deadline t reps states running
  deadline=$(($(now_us) + WAIT * 1000000))
  while :; do
    t=$(now_us)
    [ "$t" -lt "$deadline" ] || die "$stack did not converge in ${WAIT}s: $(docker service ls --filter "$label" --format '{{.Name}} {{.Replicas}}' | tr '\n' ' ')"
    reps=$(docker service ls --filter "$label" --format '{{.Replicas}}')
    states=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' $(docker service ls -q --filter "$label") 2>/dev/null || true)
    if grep -qE 'paused|rollback_completed' <<<"$states"; then die "$stack: update failed ($states)"; fi
    if [ -n "$reps" ] && ! awk '{ split($1, r, "/"); if (r[1] != r[2]) bad = 1 } END { exit !bad }' <<<"$reps" \
       && ! grep -qE 'updating|rollback_started' <<<"$states"; then
      running=$(docker ps -q --filter "$label" --filter status=running | sort | tr '\n' ' ')
      if [ "$since" = 0 ] || [ "$running" != "$seen" ]; then since=$t seen=$running; fi
      [ $((t - since)) -lt $QUIET_US ] || return 0
    else
      since=0
    fi
    sleep 0.3
  done
}
app_exec() { # app_exec <stack> <path>: HTTP GET through the app, by exec into its task
  local c
  c=$(docker ps -q --filter "label=com.docker.swarm.service.name=${1}_app" --filter status=running | head -n 1)
  [ -n "$c" ] && docker exec "$c" wget -q -O - "http://127.0.0.1:8080/cgi-bin/app/$2" 2>/dev/null
}
healthy() { # healthy <stack>: retried every 0.5 s, as the harness's health wait
  local i
  for i in $(seq 1 $((WAIT * 2))); do
    app_exec "$1" health >/dev/null && return 0
    sleep 0.5
  done
  die "$1 does not serve"
}
no_letsencrypt() { sed -i 's/^LETS_ENCRYPT_ENV=.*/LETS_ENCRYPT_ENV=/' "$(abra_dir "$1")/servers/default/$1.env"; }
teardown() { a "$1" app undeploy "$1"; a "$1" app remove "$1"; }

install_rung() { # install_rung <domain>
  local d=$1 s
  s=$(stack_of "$d")
  a "$d" recipe fetch demo-web
  a "$d" app new demo-web --chaos --domain "$d" --server default --secrets
  no_letsencrypt "$d"
  phase "$d" fetch-and-new
  a "$d" app deploy "$d" --chaos
  phase "$d" install-deploy
  converge "$s"
  phase "$d" install-converge
  healthy "$s"
  phase "$d" install-health
}
upgrade_rung() { # upgrade_rung <domain>: on a fresh app (the base), then the PR head over it
  local d=$1 s token got
  s=$(stack_of "$d")
  [ -d "$(abra_dir "$d")/recipes/demo-web/.git" ] || { a "$d" recipe fetch demo-web; phase "$d" fetch; }
  a "$d" app new demo-web "$BASE" --domain "$d" --server default --secrets
  no_letsencrypt "$d"
  a "$d" app deploy "$d" "$BASE"
  phase "$d" base-new-and-deploy
  converge "$s"
  phase "$d" base-converge
  healthy "$s"
  token="bench-$RANDOM$RANDOM"
  app_exec "$s" "put?key=bench&value=$token" >/dev/null || die "seeding $s failed"
  phase "$d" base-health-and-seed
  git -C "$(abra_dir "$d")/recipes/demo-web" checkout -q -f main
  a "$d" app deploy "$d" --chaos
  phase "$d" head-deploy
  converge "$s"
  phase "$d" head-converge
  healthy "$s"
  got=$(app_exec "$s" "get?key=bench" || true)
  [[ $got == *"$token"* ]] || die "$s lost the seeded data over the upgrade (got '$got')"
  phase "$d" head-health-and-verify
}

done_ok=0
on_exit() {
  local d
  if [ "$done_ok" != 1 ]; then
    echo "install-upgrade: failed; tearing down ${DOMAINS[*]}" >&2
    for d in "${DOMAINS[@]}"; do
      [ -d "$(abra_dir "$d")" ] || continue
      ABRA_DIR=$(abra_dir "$d") "$ABRA" app undeploy "$d" >/dev/null 2>&1 || true
      ABRA_DIR=$(abra_dir "$d") "$ABRA" app remove "$d" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$WORK"
}
trap on_exit EXIT

case "$MODE" in
  one)
    [ ${#DOMAINS[@]} = 1 ] || die "one takes one domain"
    d=${DOMAINS[0]}
    setup_dir "$d"
    start_clock "$d"
    install_rung "$d"
    teardown "$d"
    phase "$d" upgrade-removes-install-app
    upgrade_rung "$d"
    teardown "$d"
    phase "$d" teardown
    ;;
  two)
    [ ${#DOMAINS[@]} = 2 ] || die "two takes two domains"
    d1=${DOMAINS[0]} d2=${DOMAINS[1]}
    setup_dir "$d1"
    setup_dir "$d2"
    start_clock "$d1"
    start_clock "$d2"
    ( install_rung "$d1" ) &
    p1=$!
    ( upgrade_rung "$d2" ) &
    p2=$!
    rc=0
    wait "$p1" || rc=1
    wait "$p2" || rc=1
    [ "$rc" = 0 ] || die "a rung failed"
    start_clock both
    ( teardown "$d1" ) &
    p1=$!
    ( teardown "$d2" ) &
    p2=$!
    wait "$p1" || rc=1
    wait "$p2" || rc=1
    [ "$rc" = 0 ] || die "a teardown failed"
    phase both teardown
    ;;
  *) die "unknown mode '$MODE'" ;;
esac
done_ok=1

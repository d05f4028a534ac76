# shellcheck shell=bash
# Sourced by sandbox/abra: messages, argument parsing, app names, docker helpers.

info() { printf '%s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "$ME" "$*" >&2; exit 1; }
refuse() {
  printf '%s: refused: %s\n' "$ME" "$1" >&2
  printf 'This test double implements only: app new|deploy|undeploy|remove|ls|restore, app secret generate|insert,\n' >&2
  printf 'app backup create, recipe fetch (see sandbox/README.md). Use the real abra for anything else.\n' >&2
  exit 2
}

# ---- argument parsing -----------------------------------------------------------------------------
# parse "<allowed long flags; value flags end with =>" args...  -> the POS array and the FLAG map.
POS=()
declare -A FLAG=()
parse() {
  local spec=" $1 " a name val
  shift
  POS=()
  FLAG=()
  while [ $# -gt 0 ]; do
    a=$1; shift
    case "$a" in
      --) POS+=("$@"); break ;;
      --no-input|-n) continue ;;   # the stand-in never prompts
      --*=*) name=${a%%=*} val=${a#*=} ;;
      --*) name=$a val= ;;
      -?) case "$a" in
            -D) name=--domain ;; -s) name=--server ;; -C) name=--chaos ;; -f) name=--force ;;
            -S) name=--secrets ;; -m) name=--machine ;; -a) name=--all ;; -c) name=--no-converge-checks ;;
            *) name=$a ;;
          esac
          # `app secret insert` spells --file as -f
          [ "$CMD" = "app secret insert" ] && [ "$a" = -f ] && name=--file
          [ "$CMD" = "app ls" ] && [ "$a" = -S ] && name=--status
          val= ;;
      -*) refuse "flag '$a' is not supported by 'abra $CMD'" ;;
      *) POS+=("$a"); continue ;;
    esac
    if [[ $spec == *" $name= "* ]]; then
      if [ -z "$val" ]; then
        [ $# -gt 0 ] || refuse "flag $name needs a value"
        val=$1; shift
      fi
      FLAG[$name]=$val
    elif [[ $spec == *" $name "* ]]; then
      [ -z "$val" ] || refuse "flag $name takes no value"
      FLAG[$name]=1
    else
      refuse "flag '$a' is not supported by 'abra $CMD'"
    fi
  done
}
flag() { [ -n "${FLAG[$1]:-}" ]; }
npos() { # npos <min> <max>
  [ ${#POS[@]} -ge "$1" ] && [ ${#POS[@]} -le "$2" ] || refuse "'abra $CMD' takes $1 to $2 arguments, got ${#POS[@]}: ${POS[*]:-}"
}

# ---- apps -----------------------------------------------------------------------------------------

valid_domain() { [[ $1 =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]] || die "invalid domain '$1'"; }
stack_of() { local s=${1//./_}; printf '%s' "${s:0:45}"; }   # [INF] abra cuts stack names to 45 chars
env_path() { printf '%s/servers/%s/%s.env' "$ABRA_DIR" "$SERVER" "$1"; }
need_server() {
  [ -d "$ABRA_DIR/servers/$SERVER" ] || die "server '$SERVER' not found in $ABRA_DIR/servers (run bin/ccci sandbox up)"
}
need_app() {
  valid_domain "$1"
  need_server
  [ -f "$(env_path "$1")" ] || die "app '$1' does not exist (no $(env_path "$1"))"
}

# The stack of a deployed app (fails when the app does not exist or is not deployed).
deployed_stack() { # deployed_stack <domain>
  local stack
  need_app "$1"
  stack=$(stack_of "$1")
  deployed "$stack" || die "$1 is not deployed"
  printf '%s' "$stack"
}

# ---- docker helpers -------------------------------------------------------------------------------

stack_services() { docker service ls --filter "label=com.docker.stack.namespace=$1" --format '{{.Name}}'; }
deployed() { [ -n "$(stack_services "$1")" ]; }
# Wait (bounded) until `$@` prints nothing.
wait_empty() { # wait_empty <what> <cmd...>
  local what=$1 i out
  shift
  for i in $(seq 1 $((WAIT * 4))); do
    out=$("$@" 2>/dev/null || true)
    [ -z "$out" ] && return 0
    sleep 0.25
  done
  die "timed out after ${WAIT}s waiting for $what to go: $(echo "$out" | tr '\n' ' ')"
}
running_container() { # running_container <service>: one running task container id
  docker ps --filter "label=com.docker.swarm.service.name=$1" --filter status=running --format '{{.ID}}' | awk 'NR == 1'
}

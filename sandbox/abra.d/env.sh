# shellcheck shell=bash
# Sourced by sandbox/abra: the app's .env as abra reads it (godotenv: abra.d/dotenv.jq), its TYPE line,
# its secrets, and the environment a deploy interpolates the compose files with.

# The whole file as JSON (KEY -> value, file order); a file godotenv cannot read fails.
env_json() { # env_json <file>
  jq -Rs -f "$HERE/abra.d/dotenv.jq" < "$1" 2>&1 || die "cannot read $1 as abra does (godotenv): $(jq -Rs -f "$HERE/abra.d/dotenv.jq" < "$1" 2>&1 | tail -n 1)"
}
env_get() { # env_get <file> <KEY>
  env_json "$1" | jq -j --arg k "$2" '.[$k] // ""'
}
# TYPE=<recipe>[:<version>] (or RECIPE=); prints "<recipe> <version>"
app_type() {
  local t
  t=$(env_get "$1" TYPE)
  [ -n "$t" ] || t=$(env_get "$1" RECIPE)
  [ -n "$t" ] || die "$1 has no TYPE= line"
  case "$t" in *:*) printf '%s %s' "${t%%:*}" "${t#*:}" ;; *) printf '%s ' "$t" ;; esac
}
set_env_type() { # set_env_type <file> <recipe> <version>
  local f=$1 v="$2${3:+:$3}"
  if grep -qE '^(TYPE|RECIPE)=' "$f"; then
    sed -i -E "0,/^(TYPE|RECIPE)=.*/s||TYPE=$v|" "$f"
  else
    sed -i "1i TYPE=$v" "$f"
  fi
}
set_env_value() { # set_env_value <file> <KEY> <value>: replaces the first KEY= line, else appends
  local f=$1 k=$2 v=$3
  if grep -qE "^$k=" "$f"; then
    awk -v k="$k" -v v="$v" 'BEGIN { done = 0 } !done && index($0, k "=") == 1 { print k "=" v; done = 1; next } { print }' "$f" > "$f.tmp"
    mv "$f.tmp" "$f"
  else
    printf '%s=%s\n' "$k" "$v" >> "$f"
  fi
}

# Export the app's .env, the recipe's abra.sh `export` lines and STACK_NAME into this shell.
export_app_env() { # export_app_env <env file> <recipe dir> <stack>
  local k v json
  json=$(env_json "$1") || exit 1
  while IFS= read -r -d '' k && IFS= read -r -d '' v; do export "$k=$v"; done \
    < <(jq -j 'to_entries[] | .key, "\u0000", .value, "\u0000"' <<<"$json")
  if [ -f "$2/abra.sh" ]; then
    json=$(grep -E '^[[:space:]]*export[[:space:]]' "$2/abra.sh" | jq -Rs -f "$HERE/abra.d/dotenv.jq") \
      || die "cannot read the export lines of $2/abra.sh"
    while IFS= read -r -d '' k && IFS= read -r -d '' v; do export "$k=$v"; done \
      < <(jq -j 'to_entries[] | .key, "\u0000", .value, "\u0000"' <<<"$json")
  fi
  export STACK_NAME=$3
}

# Docker secrets named by SECRET_<NAME>_VERSION=vN [# length=N] [# generate=false] lines (abra reads
# the modifiers from the comment): prints "name version length generate".
secret_specs() {
  local line k v len gen
  while IFS= read -r line || [ -n "$line" ]; do
    [[ $line =~ ^SECRET_([A-Z0-9_]+)_VERSION=([^[:space:]#]+) ]] || continue
    k=${BASH_REMATCH[1]} v=${BASH_REMATCH[2]} len=32 gen=true
    [[ $line =~ \#.*length=([0-9]+) ]] && len=${BASH_REMATCH[1]}
    [[ $line =~ \#.*generate=false ]] && gen=false
    printf '%s %s %s %s\n' "$(tr 'A-Z' 'a-z' <<<"$k")" "$v" "$len" "$gen"
  done < "$1"
}

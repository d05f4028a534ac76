# shellcheck shell=bash
# Sourced by sandbox/abra: `app new` and `app secret generate|insert`.

# One random value of <length> characters [A-Za-z0-9].
random_value() {
  local value=
  while [ ${#value} -lt "$1" ]; do value=$value$(head -c 512 /dev/urandom | tr -dc 'A-Za-z0-9'); done
  printf '%s' "${value:0:$1}"
}

# Generates every secret of the app that may be generated (not `# generate=false`).
# Like abra, prints the generated VALUES on stdout (a table, so an operator can keep them), unless
# <machine> is 1 (then JSON without values). stdout of this command is therefore secret.
generate_secrets() { # generate_secrets <domain> <machine:0|1>
  local d=$1 env stack name ver len gen sname value out=() table=()
  env=$(env_path "$d") stack=$(stack_of "$d")
  while read -r name ver len gen; do
    sname="${stack}_${name}_${ver}"
    if [ "$gen" = false ]; then
      info "secret $name is generate=false: not generated (insert it with abra app secret insert)"
      continue
    fi
    if docker secret inspect "$sname" >/dev/null 2>&1; then
      die "secret $sname already exists (AlreadyExists)"
    fi
    value=$(random_value "$len")
    [ ${#value} -eq "$len" ] || die "could not generate secret $sname"
    printf '%s' "$value" | docker secret create "$sname" - >/dev/null || die "docker secret create $sname failed"
    out+=("$(jq -cn --arg n "$name" --arg v "$ver" --arg s "$sname" '{name: $n, version: $v, dockerName: $s}')")
    table+=("$(printf '%-24s %s' "$name" "$value")")
    value=
  done < <(secret_specs "$env")
  if [ "$2" = 1 ]; then
    if [ ${#out[@]} -gt 0 ]; then printf '%s\n' "${out[@]}" | jq -cs .; else echo '[]'; fi
  elif [ ${#table[@]} -gt 0 ]; then
    printf '%-24s %s\n' NAME VALUE
    printf '%s\n' "${table[@]}"
  fi
}

app_new() {
  parse "--domain= --server= --secrets --chaos" "$@"
  npos 1 2
  local r=${POS[0]} v=${POS[1]:-} d=${FLAG[--domain]:-}
  [ -n "$d" ] || refuse "app new needs --domain (the stand-in never prompts)"
  [ "${FLAG[--server]:-$SERVER}" = "$SERVER" ] || refuse "only --server default exists in the sandbox"
  flag --server || refuse "app new needs --server default (the stand-in never prompts)"
  valid_domain "$d"
  need_server
  local env
  env=$(env_path "$d")
  [ ! -e "$env" ] || die "app '$d' already exists ($env)"
  ensure_recipe "$r"
  local dir
  dir=$(recipe_dir "$r")
  if flag --chaos; then
    [ -z "$v" ] || refuse "app new: a version and --chaos together (chaos uses the working tree)"
    v=$(chaos_version "$dir")
  else
    [ -n "$v" ] || v=$(latest_tag "$dir")
    [ -n "$v" ] || die "recipe '$r' has no published versions: use --chaos"
    checkout_version "$dir" "$r" "$v"
  fi
  [ -f "$dir/.env.sample" ] || die "recipe '$r' has no .env.sample"
  # Every <recipe>.example.com of the sample becomes the domain (DOMAIN, aliases, rules).
  sed "s/$(sed 's/[.[\*^$/]/\\&/g' <<<"$r.example.com")/$d/g" "$dir/.env.sample" > "$env.tmp"
  set_env_type "$env.tmp" "$r" "$v"
  set_env_value "$env.tmp" DOMAIN "$d"
  mv "$env.tmp" "$env"
  info "created $env ($r:$v)"
  if flag --secrets; then generate_secrets "$d" 0; fi
}

app_secret_generate() {
  parse "--all --machine" "$@"
  npos 1 1
  flag --all || refuse "app secret generate: only --all is implemented"
  need_app "${POS[0]}"
  generate_secrets "${POS[0]}" "$(flag --machine && echo 1 || echo 0)"
}

# abra app secret insert <domain> <name> <version> <data> [--file]: with --file, <data> is a file
# whose content is the value (what the harness uses: a value never goes on a command line).
app_secret_insert() {
  parse "--file" "$@"
  npos 4 4
  local d=${POS[0]} name=${POS[1]} ver=${POS[2]} data=${POS[3]} stack sname
  need_app "$d"
  [[ $name =~ ^[a-z0-9_]+$ ]] || die "invalid secret name '$name'"
  stack=$(stack_of "$d")
  sname="${stack}_${name}_${ver}"
  docker secret inspect "$sname" >/dev/null 2>&1 && die "secret $sname already exists (AlreadyExists)"
  if flag --file; then
    [ -f "$data" ] || die "no such file: $data"
    docker secret create "$sname" "$data" >/dev/null || die "docker secret create $sname failed"
  else
    printf '%s' "$data" | docker secret create "$sname" - >/dev/null || die "docker secret create $sname failed"
  fi
  info "inserted secret $sname"
}

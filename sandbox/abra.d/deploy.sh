# shellcheck shell=bash
# Sourced by sandbox/abra: `app deploy`, `app undeploy`, `app remove`.

# From the merged compose (as `docker stack config` prints it): one line per service,
# "<name>\t<endpoint_mode or ->\t<1 when it publishes a port in ingress mode, else 0>\t<image>".
compose_services() {
  awk '
    function flush() { if (svc != "") printf "%s\t%s\t%s\t%s\n", svc, (mode == "" ? "-" : mode), ingress, image }
    /^[^ #]/ { if (insvc) flush(); insvc = ($0 ~ /^services:/); svc = ""; next }
    !insvc { next }
    /^  [^ #-][^:]*:[[:space:]]*$/ { flush(); svc = $0; sub(/^  /, "", svc); sub(/:.*/, "", svc); gsub(/"/, "", svc); mode = ""; ingress = 0; image = ""; inports = 0; next }
    /^    image:/ { image = $0; sub(/^    image:[[:space:]]*/, "", image); gsub(/"/, "", image) }
    /^      endpoint_mode:/ { mode = $2; gsub(/"/, "", mode) }
    /^    ports:/ { inports = 1; next }
    /^    [^ ]/ { inports = 0 }
    inports && /published:/ { pub = 1 }
    inports && /mode: host/ { hostmode = 1 }
    inports && /^      - / { if (pub && !hostmode) ingress = 1; pub = 0; hostmode = 0 }
    END { if (insvc) flush() }
  '
}

app_deploy() {
  parse "--chaos --force --no-converge-checks" "$@"
  npos 1 2
  local d=${POS[0]} want=${POS[1]:-}
  need_app "$d"
  local env stack r envv dir version chaos commit
  env=$(env_path "$d") stack=$(stack_of "$d")
  read -r r envv <<<"$(app_type "$env")"
  ensure_recipe "$r"
  dir=$(recipe_dir "$r")
  if deployed "$stack" && ! flag --force && ! flag --chaos; then
    die "$d is already deployed (use --force to redeploy)"
  fi
  if flag --chaos; then
    [ -z "$want" ] || refuse "app deploy: a version and --chaos together (chaos deploys the working tree as is)"
    chaos=true
    commit=$(chaos_version "$dir")
    version=$commit
  else
    chaos=false
    version=$want
    if [ -z "$version" ] && [ -n "$envv" ] && is_tag "$dir" "$envv"; then version=$envv; fi
    [ -n "$version" ] || version=$(latest_tag "$dir")
    [ -n "$version" ] || die "recipe '$r' has no published versions: deploy with --chaos"
    checkout_version "$dir" "$r" "$version"
  fi
  # Secrets must be there (generated, or inserted for generate=false ones), as abra checks.
  local name ver len gen
  while read -r name ver len gen; do
    docker secret inspect "${stack}_${name}_${ver}" >/dev/null 2>&1 \
      || die "secret $name (version $ver) not inserted: abra app secret insert $d $name $ver <value>, or generate it"
  done < <(secret_specs "$env")
  (
    export_app_env "$env" "$dir" "$stack"
    local files=() f args=() merged
    IFS=: read -r -a files <<<"${COMPOSE_FILE:-compose.yml}"
    for f in "${files[@]}"; do
      [ -f "$dir/$f" ] || die "compose file $f (COMPOSE_FILE=${COMPOSE_FILE:-}) not found in $dir"
      args+=(-c "$dir/$f")
    done
    cd "$dir"
    # Merge and interpolate as the deploy will (docker CLI 23+); Debian's 20.10 has no `stack config`.
    if docker stack config --help >/dev/null 2>&1; then
      merged=$(docker stack config "${args[@]}" 2>&1) || die "compose files do not load: $merged"
    else
      merged=$(for f in "${files[@]}"; do cat "$dir/$f"; done)
    fi
    local services svc mode ingress image override
    services=$(compose_services <<<"$merged")
    # Images are resolved on this host: the sandbox has no registry, so a missing image is the
    # sandbox's gap (an infrastructure error), not the recipe's.
    while IFS=$'\t' read -r svc mode ingress image; do
      [ -n "$image" ] || continue
      docker image inspect "$image" >/dev/null 2>&1 \
        || die "image $image (service $svc) could not be resolved: it is not on this host and the sandbox has no registry (infrastructure)"
    done <<<"$services"
    override=$(mktemp --suffix=.yml)
    trap 'rm -f "$override"' EXIT
    {
      echo 'version: "3.8"'
      echo 'services:'
      while IFS=$'\t' read -r svc mode ingress image; do
        [ -n "$svc" ] || continue
        echo "  $svc:"
        echo "    deploy:"
        # No IPVS on this kernel: a virtual IP routes nowhere, so service names resolve to the tasks
        # (dnsrr). A recipe's own dnsrr stays; a port published in ingress mode cannot be dnsrr.
        if [ "$mode" = - ] && [ "$ingress" = 0 ]; then echo "      endpoint_mode: dnsrr"; fi
        if [ "$svc" = app ]; then
          echo "      labels:"
          echo "        coop-cloud.$stack.recipe: \"$r\""
          echo "        coop-cloud.$stack.chaos: \"$chaos\""
          if [ "$chaos" = true ]; then
            # The version label stays what the recipe's compose declares (its last release).
            echo "        coop-cloud.$stack.chaos-version: \"$commit\""
          else
            echo "        coop-cloud.$stack.version: \"$version\""
          fi
        fi
      done <<<"$services"
    } > "$override"
    grep -q '^  app:$' "$override" || info "warning: recipe $r has no 'app' service: no coop-cloud labels"
    args+=(-c "$override")
    info "deploying $d ($r $version, chaos=$chaos) as stack $stack"
    # Docker CLI 26+ waits for convergence unless --detach=true; 20.10 (Debian's) has no such flag.
    local detach=() deploy_out
    [[ $(docker stack deploy --help 2>&1 || true) == *--detach* ]] && detach=(--detach=true)
    deploy_out=$(docker stack deploy "${detach[@]}" --resolve-image never "${args[@]}" "$stack" 2>&1) \
      || die "docker stack deploy failed: $deploy_out"
  )
  set_env_type "$env" "$r" "$version"
  info "deployed $d"
}

app_undeploy() {
  parse "" "$@"
  npos 1 1
  local d=${POS[0]} stack
  stack=$(deployed_stack "$d")
  docker stack rm "$stack" >/dev/null
  # docker stack rm is asynchronous: wait for services, containers and networks.
  wait_empty "services of $stack" stack_services "$stack"
  wait_empty "containers of $stack" docker ps -a --filter "label=com.docker.stack.namespace=$stack" --format '{{.ID}}'
  wait_empty "networks of $stack" docker network ls --filter "label=com.docker.stack.namespace=$stack" --format '{{.Name}}'
  info "undeployed $d"
}

app_remove() {
  parse "--force" "$@"
  npos 1 1
  local d=${POS[0]} env stack name ver len gen sname vol f
  need_app "$d"
  env=$(env_path "$d") stack=$(stack_of "$d")
  deployed "$stack" && die "$d is still deployed: run abra app undeploy $d first"
  while read -r name ver len gen; do
    sname="${stack}_${name}_${ver}"
    if docker secret inspect "$sname" >/dev/null 2>&1; then
      docker secret rm "$sname" >/dev/null || die "could not remove secret $sname"
      info "removed secret $sname"
    fi
  done < <(secret_specs "$env")
  local i
  for vol in $(docker volume ls -q --filter "label=com.docker.stack.namespace=$stack"); do
    for i in $(seq 1 $((WAIT * 4))); do
      docker volume rm "$vol" >/dev/null 2>&1 && break
      [ "$i" -lt $((WAIT * 4)) ] || die "could not remove volume $vol (in use?)"
      sleep 0.25
    done
    info "removed volume $vol"
  done
  for f in $(docker config ls -q --filter "label=com.docker.stack.namespace=$stack"); do
    docker config rm "$f" >/dev/null || die "could not remove config $f"
  done
  # The sandbox keeps backups per app under its state dir (real backupbot keeps its restic repo):
  # they go with the app, so a CI machine does not collect them.
  rm -rf "${SANDBOX_DIR:?}/backups/$stack"
  rm -f "$env"
  info "removed $d"
}

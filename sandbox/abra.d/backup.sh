# shellcheck shell=bash
# Sourced by sandbox/abra: `app backup create` and `app restore`, observable as backup-bot-two's:
# the volumes are read and written from OUTSIDE the app's containers (backup-bot-two mounts the
# node's volumes itself; here a throw-away helper container mounts each one), so a service whose image
# has no shell or tar backs up all the same; hooks run in the service's running container only when
# its labels declare them (backupbot.backup.pre-hook/post-hook, backupbot.restore.pre-hook/post-hook);
# a failing backup hook does NOT fail the backup (only a warning, as backup-bot-two logs it); restore
# writes the files back into the LIVE volumes (nothing is stopped, scaled or restarted; files written
# since the backup and absent from it stay, as a restic restore leaves them) and then runs the
# post-hook.

service_labels() { docker service inspect --format '{{json .Spec.Labels}}' "$1"; }
run_hook() { # run_hook <container> <what> <command>: fails on a failing hook
  [ -n "$3" ] || return 0
  info "running $2 in $1: $3"
  docker exec "$1" sh -c "$3" >&2 || die "$2 failed: $3"
}

app_backup_create() {
  parse "" "$@"
  npos 1 1
  local d=${POS[0]} stack
  stack=$(deployed_stack "$d")
  local svcs
  svcs=$(docker service ls --filter "label=com.docker.stack.namespace=$stack" --filter "label=backupbot.backup=true" --format '{{.Name}}')
  [ -n "$svcs" ] || die "no service of $d has the label backupbot.backup=true"
  local id dir
  id="$(date -u +%Y%m%dT%H%M%SZ)-$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  dir=$SANDBOX_DIR/backups/$stack/$id
  mkdir -p "$dir"
  local manifest=() svc labels c mounts vol mnt path include n=0 hook
  for svc in $svcs; do
    labels=$(service_labels "$svc")
    c=$(running_container "$svc")
    [ -n "$c" ] || { rm -rf "$dir"; die "409: $svc has no running container (not converged?)"; }
    hook=$(jq -r '.["backupbot.backup.pre-hook"] // empty' <<<"$labels")
    if [ -n "$hook" ]; then
      info "running the backup pre-hook of $svc in $c: $hook"
      docker exec "$c" sh -c "$hook" >&2 || info "warning: the backup pre-hook of $svc failed (the backup goes on, as backup-bot-two's does): $hook"
    fi
    # The volumes the service's spec mounts, as backup-bot-two finds them (not what runs inside).
    mounts=$(docker service inspect --format '{{range .Spec.TaskTemplate.ContainerSpec.Mounts}}{{if eq .Type "volume"}}{{.Source}} {{.Target}}{{"\n"}}{{end}}{{end}}' "$svc")
    while read -r vol mnt; do
      [ -n "$vol" ] || continue
      local short=${vol#"${stack}_"}
      include=$(jq -r --arg k "backupbot.backup.volumes.$short" '.[$k] // "true"' <<<"$labels")
      [ "$include" = false ] && continue
      path=$(jq -r --arg k "backupbot.backup.volumes.$short.path" '.[$k] // "."' <<<"$labels")
      local paths=() p
      IFS=, read -r -a paths <<<"$path"
      for p in "${paths[@]}"; do
        case "$p" in /*|*..*) rm -rf "$dir"; die "backup path '$p' of volume $short must be relative to the volume" ;; esac
      done
      n=$((n + 1))
      local file="$svc.$short.tar"
      # Read from outside: a helper container mounts the volume read-only beside the running service.
      docker run --rm --log-driver none --network none -v "$vol:/v:ro" "$HELPER_IMAGE" \
        tar -C /v -cf - "${paths[@]}" > "$dir/$file" \
        || { rm -rf "$dir"; die "reading $vol:$path of $svc from a helper container failed"; }
      manifest+=("$(jq -cn --arg s "$svc" --arg v "$vol" --arg m "$mnt" --arg p "$path" --arg f "$file" \
        '{service: $s, volume: $v, mount: $m, paths: ($p | split(",")), file: $f}')")
      info "backed up $vol ($path) of $svc: $(wc -c < "$dir/$file") bytes"
    done <<<"$mounts"
    hook=$(jq -r '.["backupbot.backup.post-hook"] // empty' <<<"$labels")
    if [ -n "$hook" ]; then
      docker exec "$c" sh -c "$hook" >&2 || info "warning: the backup post-hook of $svc failed: $hook"
    fi
  done
  [ $n -gt 0 ] || { rm -rf "$dir"; die "the backup-capable services of $d mount no volumes"; }
  printf '%s\n' "${manifest[@]}" | jq -s --arg id "$id" --arg app "$d" '{id: $id, app: $app, volumes: .}' > "$dir/manifest.json"
  echo "$id"
}

app_restore() {
  parse "" "$@"
  npos 1 1
  local d=${POS[0]} stack
  stack=$(deployed_stack "$d")
  local base=$SANDBOX_DIR/backups/$stack id
  # The newest backup (by time made: two backups can share an id's second).
  id=$(ls -1t "$base" 2>/dev/null | awk 'NR == 1' || true)
  [ -n "$id" ] && [ -f "$base/$id/manifest.json" ] || die "no backup of $d in $base"
  local dir=$base/$id svc vol path file c
  for svc in $(jq -r '.volumes[].service' "$dir/manifest.json" | sort -u); do
    c=$(running_container "$svc")
    [ -n "$c" ] || die "409: $svc has no running container to restore into (not converged?)"
    run_hook "$c" "restore pre-hook of $svc" "$(service_labels "$svc" | jq -r '.["backupbot.restore.pre-hook"] // empty')"
    while IFS=$'\t' read -r vol path file; do
      # Into the live volume, from a helper container that mounts it beside the running service.
      docker run --rm -i --log-driver none --network none -v "$vol:/r" "$HELPER_IMAGE" \
        tar -C /r -xf - < "$dir/$file" || die "untar into $vol failed"
      info "restored $vol ($path) of $svc (live: nothing stopped)"
    done < <(jq -r --arg s "$svc" '.volumes[] | select(.service == $s) | [.volume, (.paths | join(",")), .file] | @tsv' "$dir/manifest.json")
    run_hook "$c" "restore post-hook of $svc" "$(service_labels "$svc" | jq -r '.["backupbot.restore.post-hook"] // empty')"
    info "restored $svc"
  done
  info "restored $d from backup $id"
}

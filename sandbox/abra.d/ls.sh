# shellcheck shell=bash
# Sourced by sandbox/abra: `app ls [--status] --machine`.

app_ls() {
  parse "--status --machine" "$@"
  npos 0 0
  flag --machine || refuse "app ls: only --machine output is implemented"
  local services labels
  services=$(docker service ls --format '{{.Name}}')
  local entries=() f d stack r v status chaos cver ver upg latest dir
  for f in "$ABRA_DIR"/servers/*/*.env; do
    [ -f "$f" ] || continue
    d=$(basename "$f" .env) stack=$(stack_of "$d")
    read -r r v <<<"$(app_type "$f")"
    # abra's own status of an app that is not deployed is "unknown" (as without --status).
    status=unknown chaos=unknown cver=unknown ver=${v:-unknown} upg=unknown
    if flag --status; then
      if grep -qxF "${stack}_app" <<<"$services"; then
        status=deployed
        labels=$(docker service inspect --format '{{json .Spec.Labels}}' "${stack}_app" 2>/dev/null || echo '{}')
        ver=$(jq -r --arg k "coop-cloud.$stack.version" '.[$k] // "unknown"' <<<"$labels")
        chaos=$(jq -r --arg k "coop-cloud.$stack.chaos" '.[$k] // "unknown"' <<<"$labels")
        cver=$(jq -r --arg k "coop-cloud.$stack.chaos-version" '.[$k] // "unknown"' <<<"$labels")
      elif grep -q "^${stack}_" <<<"$services"; then
        status=deployed
      fi
    fi
    dir=$(recipe_dir "$r")
    if [ -d "$dir/.git" ]; then
      latest=$(latest_tag "$dir")
      if [ -z "$latest" ]; then upg=unknown
      elif [ "$latest" = "$ver" ]; then upg=latest
      else upg=$latest
      fi
    fi
    entries+=("$(jq -cn --arg server "$(basename "$(dirname "$f")")" --arg recipe "$r" --arg appName "$d" \
      --arg domain "$d" --arg status "$status" --arg chaos "$chaos" --arg chaosVersion "$cver" \
      --arg version "$ver" --arg upgrade "$upg" \
      '{server: $server, recipe: $recipe, appName: $appName, domain: $domain, status: $status,
        chaos: $chaos, chaosVersion: $chaosVersion, version: $version, upgrade: $upgrade}')")
  done
  if [ ${#entries[@]} -eq 0 ]; then echo '{}'; return 0; fi
  printf '%s\n' "${entries[@]}" | jq -s '
    group_by(.server) | map({key: .[0].server, value: {
      apps: .,
      appCount: length,
      versionCount: map(select(.version != "unknown")) | length,
      unversionedCount: map(select(.version == "unknown")) | length,
      latestCount: map(select(.upgrade == "latest")) | length,
      upgradeCount: map(select(.upgrade != "latest" and .upgrade != "unknown")) | length
    }}) | from_entries'
}

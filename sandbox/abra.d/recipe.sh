# shellcheck shell=bash
# Sourced by sandbox/abra: recipe checkouts (catalogue clones, tags, chaos versions) and `recipe fetch`.

recipe_dir() { printf '%s/recipes/%s' "$ABRA_DIR" "$1"; }
is_tag() { git -C "$1" rev-parse -q --verify "refs/tags/$2" >/dev/null 2>&1; }
latest_tag() {
  git -C "$1" tag -l | grep -E '^[0-9]+\.[0-9]+\.[0-9]+' | LC_ALL=C sort -V | tail -n 1 || true
}
dirty() { [ -n "$(git -C "$1" status --porcelain 2>/dev/null)" ]; }
sha8() { git -C "$1" rev-parse --short=8 HEAD; }
chaos_version() { local v; v=$(sha8 "$1"); if dirty "$1"; then v="$v+U"; fi; printf '%s' "$v"; }

fetch_recipe() {
  local r=$1 dir url
  [[ $r =~ ^[a-z0-9][a-z0-9_-]*$ ]] || die "invalid recipe name '$r'"
  dir=$(recipe_dir "$r")
  if [ -d "$dir/.git" ]; then
    git -C "$dir" fetch -q --tags origin 2>/dev/null || die "git fetch in $dir failed"
    info "fetched $r into $dir"
    return 0
  fi
  local cat=$ABRA_DIR/catalogue/recipes.json
  [ -f "$cat" ] || die "no catalogue at $cat (run bin/ccci sandbox up)"
  url=$(jq -r --arg r "$r" '.[$r].repository // empty' "$cat")
  [ -n "$url" ] || die "recipe '$r' is not in the catalogue $cat"
  mkdir -p "$ABRA_DIR/recipes"
  git clone -q "$url" "$dir" 2>/dev/null || die "git clone $url failed"
  info "fetched $r into $dir"
}
ensure_recipe() { [ -d "$(recipe_dir "$1")/.git" ] || fetch_recipe "$1"; }

# Check out a published version: annotated tag, clean tree ("has locally unstaged changes").
checkout_version() { # checkout_version <dir> <recipe> <version>
  local dir=$1 r=$2 v=$3
  is_tag "$dir" "$v" || die "version '$v' of recipe '$r' not found (tags: $(git -C "$dir" tag -l | tr '\n' ' '))"
  [ "$(git -C "$dir" cat-file -t "refs/tags/$v")" = tag ] || die "$r: reference not found: $v is a lightweight tag"
  if dirty "$dir"; then
    die "$dir has locally unstaged changes: commit or stash them, or deploy with --chaos"
  fi
  git -C "$dir" -c advice.detachedHead=false checkout -q "refs/tags/$v^{commit}" 2>/dev/null \
    || die "git checkout $v in $dir failed"
}

recipe_fetch() {
  parse "" "$@"
  npos 1 1
  fetch_recipe "${POS[0]}"
}

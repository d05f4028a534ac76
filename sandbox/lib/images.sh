# shellcheck shell=bash
# Sourced by sandbox/sandbox: the images of the database demo recipe, built offline from the Debian
# packages installed on this host (there is no registry): files copied with the shared libraries
# they load, then `docker import`. Both are content-driven like the busybox image: the image label
# holds the build number below and the exact package versions, and `up` rebuilds only when it differs.
#
#  - postgres:15   PostgreSQL from Debian's postgresql-15 (the version bookworm ships, hence the tag),
#                  behaving as the official image does for recipes: docker-entrypoint.sh reads
#                  POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB or their *_FILE variants, runs
#                  initdb on an empty PGDATA, drops to the postgres user; bash for backupbot's hooks,
#                  pg_isready on the PATH for the recipe's healthcheck.
#  - ccci/python3-psycopg2:3.11  Debian's python3.11 and python3-psycopg2 with their libraries and NO
#                  shell at all (no /bin/sh, no busybox): an app image nothing may exec a shell in.

POSTGRES_MAJOR=15
POSTGRES_IMAGE=postgres:$POSTGRES_MAJOR
PYAPP_IMAGE=ccci/python3-psycopg2:3.11
PYAPP_PYTHON=/usr/bin/python3.11
# Bump when the layout of either image below changes.
PG_IMAGES_BUILD=1

pg_packages() { echo "postgresql-$POSTGRES_MAJOR bash busybox-static util-linux tzdata"; }
pyapp_packages() { echo "python3.11-minimal libpython3.11-stdlib python3-psycopg2"; }

# The build id: build number, the installed versions of the packages an image is made of, and the
# files it is built by (this script, the entrypoint).
pkg_build_id() { # pkg_build_id <packages...>
  local v
  v=$(dpkg-query -W -f '${Package}=${Version} ' "$@" 2>/dev/null) || return 1
  v+=$(cat "$HERE/lib/images.sh" "$HERE/images/postgres-entrypoint.sh")
  printf '%s-%s' "$PG_IMAGES_BUILD" "$(printf '%s' "$v" | sha256sum | cut -c1-12)"
}
# shellcheck disable=SC2046
postgres_build_id() { pkg_build_id $(pg_packages); }
# shellcheck disable=SC2046
pyapp_build_id() { pkg_build_id $(pyapp_packages); }

# Copies files (following symlinks) into the root at the same paths, plus every shared library they
# load (ldd: the dynamic loader's own resolution on this host).
copy_with_libs() { # copy_with_libs <root> <file...>
  local root=$1 f lib
  shift
  for f in "$@"; do
    [ -e "$root$f" ] || cp -L --parents "$f" "$root/"
  done
  for lib in $(for f in "$@"; do ldd "$f" 2>/dev/null; done \
      | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u); do
    [ -e "$root$lib" ] || cp -L --parents "$lib" "$root/"
  done
}

# The users and groups of an image (files only, no NSS modules), plus nsswitch.conf.
write_accounts() { # write_accounts <root> <passwd lines> <group lines>
  printf '%b' "$2" > "$1/etc/passwd"
  printf '%b' "$3" > "$1/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$1/etc/nsswitch.conf"
}

# say_built <image> <start, date +%s%N>
say_built() {
  local ms=$(( ($(date +%s%N) - $2) / 1000000 ))
  say "built $1 in $((ms / 1000)).$(printf %03d $((ms % 1000)))s"
}

# import_rootfs <root> <image> <build id> <docker import --change args...>
import_rootfs() {
  local root=$1 image=$2 want=$3 old
  shift 3
  old=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  local changes=() c
  for c in "$@"; do changes+=(--change "$c"); done
  tar --numeric-owner -C "$root" -cf - . \
    | docker import "${changes[@]}" --change "LABEL org.coopcloud.ccci.sandbox.build=$want" - "$image" >/dev/null
  rm -rf "$root"
  [ -z "$old" ] || [ "$old" = "$(docker image inspect --format '{{.Id}}' "$image")" ] \
    || docker image rm "$old" >/dev/null 2>&1 || true
  record "image $image"
}

ensure_postgres_image() {
  local want t0
  want=$(postgres_build_id) || die "the packages of $POSTGRES_IMAGE are not installed: $(pg_packages)"
  [ "$(image_build_label "$POSTGRES_IMAGE")" = "$want" ] && return 0
  t0=$(date +%s%N)
  say "building image $POSTGRES_IMAGE from Debian's postgresql-$POSTGRES_MAJOR $(dpkg-query -W -f '${Version}' "postgresql-$POSTGRES_MAJOR")"
  local root pg=/usr/lib/postgresql/$POSTGRES_MAJOR
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/var/lib/postgresql/data" "$root/var/run/postgresql" \
    "$root/docker-entrypoint-initdb.d" "$root/usr/local/bin"
  chmod 1777 "$root/tmp"
  # busybox for the coreutils a hook or the entrypoint uses; bash for backupbot's hooks (bash -c).
  cp /bin/busybox "$root/bin/busybox"
  local p
  for p in $(/bin/busybox --list-full); do
    mkdir -p "$root/${p%/*}"
    [ -e "$root/$p" ] || ln -s /bin/busybox "$root/$p"
  done
  rm -f "$root/bin/bash"
  copy_with_libs "$root" /bin/bash /usr/bin/setpriv
  # The server and its tools, without the LLVM JIT (26 MB of bitcode; jit=off below).
  mkdir -p "$root$pg"
  tar -C / --exclude="./${pg#/}/lib/bitcode" --exclude="./${pg#/}/lib/llvmjit*" -cf - "./${pg#/}" \
    | tar -C "$root" -xf -
  tar -C / -cf - "./usr/share/postgresql/$POSTGRES_MAJOR" ./usr/share/zoneinfo | tar -C "$root" -xf -
  # shellcheck disable=SC2046
  copy_with_libs "$root" $(find "$pg/bin" "$pg/lib" -maxdepth 1 -type f -not -name 'llvmjit*')
  write_accounts "$root" \
    'root:x:0:0:root:/root:/bin/bash\npostgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
    'root:x:0:\npostgres:x:999:\nnogroup:x:65534:\n'
  cp "$HERE/images/postgres-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  chmod 0755 "$root/usr/local/bin/docker-entrypoint.sh"
  chown -R 999:999 "$root/var/lib/postgresql" "$root/var/run/postgresql"
  chmod 3777 "$root/var/run/postgresql"
  import_rootfs "$root" "$POSTGRES_IMAGE" "$want" \
    "ENV PATH=/usr/local/sbin:/usr/local/bin:$pg/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    'ENV PGDATA=/var/lib/postgresql/data' 'ENV LANG=C.UTF-8' \
    'VOLUME /var/lib/postgresql/data' 'EXPOSE 5432' \
    'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["postgres"]'
  say_built "$POSTGRES_IMAGE" "$t0"
}

ensure_pyapp_image() {
  local want t0
  want=$(pyapp_build_id) || die "the packages of $PYAPP_IMAGE are not installed: $(pyapp_packages)"
  [ "$(image_build_label "$PYAPP_IMAGE")" = "$want" ] && return 0
  t0=$(date +%s%N)
  say "building image $PYAPP_IMAGE from Debian's python3.11 and python3-psycopg2 (no shell in it)"
  local root
  root=$(mktemp -d)
  mkdir -p "$root/tmp" "$root/etc" "$root/app"
  chmod 1777 "$root/tmp"
  copy_with_libs "$root" "$PYAPP_PYTHON"
  ln -s python3.11 "$root/usr/bin/python3"
  tar -C / --exclude='./usr/lib/python3.11/test' --exclude='./usr/lib/python3.11/idlelib' \
    --exclude='./usr/lib/python3.11/ensurepip' --exclude='./usr/lib/python3.11/tkinter' \
    -cf - ./usr/lib/python3.11 ./usr/lib/python3/dist-packages/psycopg2 | tar -C "$root" -xf -
  # shellcheck disable=SC2046
  copy_with_libs "$root" $(find /usr/lib/python3.11/lib-dynload /usr/lib/python3/dist-packages/psycopg2 -name '*.so')
  write_accounts "$root" \
    'root:x:0:0:root:/root:/nonexistent\napp:x:1000:1000:app:/app:/nonexistent\nnobody:x:65534:65534:nobody:/nonexistent:/nonexistent\n' \
    'root:x:0:\napp:x:1000:\nnogroup:x:65534:\n'
  # Nothing that could run a shell command: the harness must never need one in the app.
  if [ -n "$(find "$root" \( -name sh -o -name bash -o -name dash -o -name busybox \) -print -quit)" ]; then
    rm -rf "$root"; die "$PYAPP_IMAGE would contain a shell"
  fi
  import_rootfs "$root" "$PYAPP_IMAGE" "$want" 'ENV PATH=/usr/bin' 'ENV PYTHONUNBUFFERED=1' \
    'USER 1000:1000' 'WORKDIR /app' 'ENTRYPOINT ["/usr/bin/python3"]'
  say_built "$PYAPP_IMAGE" "$t0"
}

# shellcheck shell=bash
# Sourced by sandbox/sandbox: what makes the sandbox a Co-op Cloud server (see sandbox/README.md,
# "The server it models"): the external overlay network `proxy` and the ingress, a traefik test double
# (sandbox/ingress/CcciIngress.java) that routes by the services' own traefik labels.

PROXY_NETWORK=proxy
INGRESS_CONTAINER=ccci-ingress
INGRESS_PORT=${CCCI_INGRESS_PORT:-8480}
# One ingress per docker daemon (like the swarm): its source lives outside any sandbox state dir.
INGRESS_DIR=${CCCI_INGRESS_DIR:-/var/lib/cc-ci-ingress}
# Bump when the way the ingress container is run changes: it is recreated when its label differs.
INGRESS_BUILD=1

ingress_url() { printf 'http://127.0.0.1:%s' "$INGRESS_PORT"; }

# Every Co-op Cloud server has it (`docker network create -d overlay proxy`). Attachable here: the
# ingress runs as a plain container so that it can publish on the host's loopback only.
ensure_proxy_network() {
  if docker network inspect "$PROXY_NETWORK" >/dev/null 2>&1; then
    [ "$(docker network inspect --format '{{.Driver}} {{.Scope}}' "$PROXY_NETWORK")" = "overlay swarm" ] \
      || die "a network '$PROXY_NETWORK' exists but is not a swarm overlay network: remove it or rename it"
    return 0
  fi
  say "creating the external overlay network $PROXY_NETWORK (as on every Co-op Cloud server)"
  docker network create -d overlay --attachable --label org.coopcloud.ccci.sandbox=server "$PROXY_NETWORK" >/dev/null
  record "network $PROXY_NETWORK"
}

ingress_java() { readlink -f "$(command -v java)" 2>/dev/null || true; }
ingress_build_id() {
  printf '%s-%s-%s-%s' "$INGRESS_BUILD" "$(sha256sum "$HERE/ingress/CcciIngress.java" | cut -c1-12)" "$INGRESS_PORT" "$(ingress_java)" \
    | sha256sum | cut -c1-16
}
ingress_label() { docker inspect --format '{{index .Config.Labels "org.coopcloud.ccci.ingress.build"}}' "$INGRESS_CONTAINER" 2>/dev/null || true; }
ingress_running() { [ "$(docker inspect --format '{{.State.Running}}' "$INGRESS_CONTAINER" 2>/dev/null)" = true ]; }
# The ingress answers its own 404 (no router for an unknown host) once it listens.
ingress_answers() {
  local code
  code=$(curl -s -o /dev/null -m 3 -w '%{http_code}' -H 'Host: ccci-ingress-probe.invalid' "$(ingress_url)/" 2>/dev/null || true)
  [ "$code" = 404 ]
}

# The ingress: a container on `proxy` running the JDK of this host (chroot into the host's root,
# mounted read-only; the image is the sandbox's busybox), reading the swarm through the Docker socket,
# published on 127.0.0.1:$INGRESS_PORT only.
ensure_ingress() {
  local java want
  java=$(ingress_java)
  [ -n "$java" ] && [ -x "$(dirname "$java")/javac" ] || die "the ingress needs a JDK 17+ (java and javac on the PATH)"
  want=$(ingress_build_id)
  if [ "$(ingress_label)" = "$want" ] && ingress_running; then
    return 0
  fi
  mkdir -p "$INGRESS_DIR"
  cp "$HERE/ingress/CcciIngress.java" "$INGRESS_DIR/CcciIngress.java"
  if docker inspect "$INGRESS_CONTAINER" >/dev/null 2>&1; then
    docker rm -f "$INGRESS_CONTAINER" >/dev/null
  fi
  say "starting the ingress (traefik stand-in) on $(ingress_url)"
  docker run -d --name "$INGRESS_CONTAINER" --restart unless-stopped \
    --label "org.coopcloud.ccci.ingress.build=$want" \
    --network "$PROXY_NETWORK" -p "127.0.0.1:$INGRESS_PORT:8080" \
    -v /:/host:ro --log-opt max-size=5m --log-opt max-file=2 \
    "$BUSYBOX_IMAGE" chroot /host "$java" -XX:-UsePerfData -Xmx64m -Xss512k \
    "$INGRESS_DIR/CcciIngress.java" 8080 >/dev/null
  record "container $INGRESS_CONTAINER"
  local _
  for _ in $(seq 1 120); do
    ingress_answers && { say "the ingress answers on $(ingress_url)"; return 0; }
    sleep 0.25
  done
  die "the ingress did not answer on $(ingress_url) within 30 s: docker logs $INGRESS_CONTAINER"
}

#!/usr/bin/env bash
# engine.sh install|start|stop|status -- a real, isolated Docker Engine for tests and the sandbox.
# Debian's docker.io with its own data root, exec root and socket; no bridge, no iptables rules, nothing published.
#   scripts/engine.sh install                 # apt packages docker.io, busybox-static, the test registry, iproute2 (waits for the dpkg lock)
#   eval "$(scripts/engine.sh start)"         # prints: export DOCKER_HOST=unix:///tmp/berth-engine/docker.sock
#   scripts/engine.sh stop                    # leaves no daemon, container, mount or interface behind
set -euo pipefail
ENGINE_DIR=${ENGINE_DIR:-/tmp/berth-engine}       # keep short: unix socket paths must stay under 108 characters
SOCK=$ENGINE_DIR/docker.sock
PIDFILE=$ENGINE_DIR/dockerd.pid

log() { echo "[engine] $*" >&2; }
ping_engine() { curl -sf --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; }

case "${1:-}" in
install)
  if command -v dockerd >/dev/null && [ -e /usr/share/doc/busybox-static ] && command -v curl >/dev/null \
    && [ -x /usr/bin/docker-registry ] && command -v htpasswd >/dev/null && command -v ip >/dev/null \
    && command -v docker-compose >/dev/null; then
    log "docker.io, busybox-static, docker-registry, apache2-utils, iproute2 and docker-compose are installed"; exit 0
  fi
  [ "$(id -u)" = 0 ] || { log "installing docker.io and busybox-static needs root (apt-get)"; exit 1; }
  # Never let the package's postinst start a system-wide dockerd.
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; fi
  log "apt-get install docker.io busybox-static curl docker-registry apache2-utils iproute2 docker-compose"
  apt-get update -qq
  # docker-registry: the local registry push tests use (127.0.0.1 only); apache2-utils: htpasswd for its auth;
  # iproute2: the network namespaces of the three-node test swarm (scripts/swarm3.sh); docker-compose: Debian has
  # no Compose V2 plugin, so Compose Up/Down are tested through the standalone V1 CLI Berth falls back to.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends \
    docker.io busybox-static curl docker-registry apache2-utils iproute2 docker-compose >/dev/null
  ;;
start)
  if ping_engine; then echo "export DOCKER_HOST=unix://$SOCK"; exit 0; fi
  command -v dockerd >/dev/null || { log "dockerd is missing: run scripts/engine.sh install"; exit 1; }
  mkdir -p "$ENGINE_DIR"
  # ENGINE_NET=none (default): no docker0, containers default to network 'none'; BuildKit builds need networkmode none|host.
  if [ "${ENGINE_NET:-none}" = none ]; then NET_ARGS="--bridge=none --userland-proxy=false"; else NET_ARGS="--userland-proxy=true"; fi
  # setsid: the daemon outlives this shell and is stopped by its pid file, not by our process group.
  # shellcheck disable=SC2086
  setsid dockerd \
    --host "unix://$SOCK" \
    --data-root "$ENGINE_DIR/data" \
    --exec-root "$ENGINE_DIR/exec" \
    --pidfile "$PIDFILE" \
    --storage-driver=overlay2 \
    --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
    $NET_ARGS \
    ${DOCKERD_EXTRA_ARGS:-} \
    </dev/null >"$ENGINE_DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 300); do            # up to 30 s; typically 0.3-1.3 s
    if ping_engine; then echo "export DOCKER_HOST=unix://$SOCK"; exit 0; fi
    sleep 0.1
  done
  log "dockerd did not answer /_ping"; tail -50 "$ENGINE_DIR/dockerd.log" >&2; exit 1
  ;;
status)
  if ping_engine; then echo "running: unix://$SOCK"; else echo "stopped"; exit 1; fi
  ;;
stop)
  if ping_engine; then
    export DOCKER_HOST=unix://$SOCK
    docker swarm leave --force >/dev/null 2>&1 || true
    ids=$(docker ps -aq 2>/dev/null || true); [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || true
  fi
  if [ -f "$PIDFILE" ]; then
    pid=$(cat "$PIDFILE")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "dockerd $pid still alive, sending KILL"; kill -KILL "$pid"; fi
  fi
  ip link delete docker_gwbridge 2>/dev/null || true   # left behind by 'docker swarm init'
  ip link delete docker0 2>/dev/null || true           # created in ENGINE_NET=bridge mode
  # dockerd can leave its network namespaces and overlay mounts under exec-root / data-root: unmount what is ours.
  { grep " $ENGINE_DIR/" /proc/mounts || true; } | awk '{print $2}' | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  if grep -q " $ENGINE_DIR/" /proc/mounts; then log "mounts left under $ENGINE_DIR"; grep " $ENGINE_DIR/" /proc/mounts >&2; exit 1; fi
  rm -rf "$ENGINE_DIR"
  rmdir /var/run/docker/plugins /var/run/docker 2>/dev/null || true   # dockerd creates these whatever --exec-root says
  ;;
*) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac

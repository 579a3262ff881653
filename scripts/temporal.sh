#!/usr/bin/env bash
# Temporal server for one machine: Temporal server v1.32.0 on a SQLite file (the dev/test server).
#
# Run:     bash scripts/temporal.sh [run|start|stop|status|install]
#            run      (default; `npm run stack:temporal`) start with the web UI and stay in the
#                     foreground; Ctrl-C stops it
#            start    start in the background (pid/log in .run/), wait until it answers, return;
#                     add --ui for the web UI on ${TEMPORAL_UI_PORT:-8233}
#            stop     stop the server that `start` started (by its pid file)
#            status   is something answering on the port, and does namespace `default` exist
#            install  only make sure the server binary is there, print its path (--ui: the UI's too;
#                     --sql: the SQL schema tool's too, temporal-sql-tool, for scripts/cluster.sh)
# Source:  . scripts/temporal.sh   then   temporal_ensure_server / temporal_start / temporal_stop
#
# Settings: TEMPORAL_HOST (127.0.0.1), TEMPORAL_PORT (7233, or the port of TEMPORAL_ADDRESS; the server
# also binds the next 7 ports, see scripts/temporal/server.yaml), TEMPORAL_UI_PORT (8233),
# TEMPORAL_DB_FILE (.run/temporal.db), TEMPORAL_START_TIMEOUT (60 s), TEMPORAL_LOG_LEVEL (warn),
# TEMPORAL_SQLITE_PRAGMAS (space-separated name=value, e.g. "journal_mode=wal synchronous=normal").
#
# The server is configured by scripts/temporal/server.yaml (rendered by the server from the environment
# set here) and scripts/temporal/dynamic-config.yaml; `default` is registered over gRPC when missing
# (scripts/temporal/dev-server.ts). A SQLite file written by another server version is moved aside
# (FILE.old): the server creates its schema in a new file but never migrates one.
#
# Which binaries: TEMPORAL_SERVER_BIN / TEMPORAL_UI_BIN when set, else .tools/bin/temporal-server-v1.32.0
# and .tools/bin/temporal-ui-v2.54.1, copied from the machine's cache
# (${XDG_CACHE_HOME:-~/.cache}/kaflow/bin) or built once with
#   go install go.temporal.io/server/cmd/server@v1.32.0
#   go install github.com/temporalio/ui-server/v2/cmd/server@v2.54.1     (only for --ui)
#   go install go.temporal.io/server/cmd/tools/sql@v1.32.0               (only for --sql: the schema tool of the
#                                                                         cluster on PostgreSQL, scripts/cluster.sh)
# (the Temporal CLI past v1.5.1 cannot be built with go install: its go.mod has replace directives).

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEMPORAL_SERVER_MODULE="go.temporal.io/server/cmd/server"
TEMPORAL_SERVER_VERSION="v1.32.0"
TEMPORAL_SQL_MODULE="go.temporal.io/server/cmd/tools/sql"
TEMPORAL_UI_MODULE="github.com/temporalio/ui-server/v2/cmd/server"
TEMPORAL_UI_VERSION="v2.54.1"
KAFLOW_MACHINE_BIN="${KAFLOW_MACHINE_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/kaflow/bin}"
TEMPORAL_HOST="${TEMPORAL_HOST:-127.0.0.1}"
if [ -z "${TEMPORAL_PORT:-}" ]; then
  if [ -n "${TEMPORAL_ADDRESS:-}" ]; then TEMPORAL_PORT="${TEMPORAL_ADDRESS##*:}"; else TEMPORAL_PORT=7233; fi
fi
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
TEMPORAL_START_TIMEOUT="${TEMPORAL_START_TIMEOUT:-60}"
TEMPORAL_SERVER_BIN="${TEMPORAL_SERVER_BIN:-}"
TEMPORAL_UI_BIN="${TEMPORAL_UI_BIN:-}"
TEMPORAL_SQL_BIN="${TEMPORAL_SQL_BIN:-}"
# 1 when temporal_start started a server (0 when one was already listening and is reused)
TEMPORAL_STARTED=0

# Someone else's `go install` of MODULE (e.g. started by hand) still running?
_temporal_foreign_install_running() {
  pgrep -f "go install $1" >/dev/null 2>&1
}

# _temporal_go_install NAME MODULE VERSION: makes sure .tools/bin/NAME-VERSION exists (copied from the
# machine's cache, else built with go install and then kept in that cache too); sets _TEMPORAL_INSTALLED
# to its path. Returns 1 (after logging why) when it cannot.
_temporal_go_install() {
  local name="$1" module="$2" version="$3"
  local bin="$TOOLS_BIN/$name-$version" shared="$KAFLOW_MACHINE_BIN/$name-$version"
  _TEMPORAL_INSTALLED="$bin"
  if [ -x "$bin" ]; then
    [ -x "$shared" ] || _temporal_share "$bin" "$shared" quiet
    return 0
  fi
  mkdir -p "$TOOLS_BIN"
  # One installer at a time: our lock for our own scripts, and wait for a foreign `go install`.
  local lock
  exec {lock}>"$ROOT/.tools/$name-install.lock"
  flock "$lock"
  if _temporal_foreign_install_running "$module"; then
    log "a 'go install' of $module is already running; waiting for it (up to 30 min)"
    local deadline=$(( $(date +%s) + 1800 ))
    while _temporal_foreign_install_running "$module"; do
      if [ "$(date +%s)" -ge "$deadline" ]; then exec {lock}>&-; log "gave up waiting for the other go install"; return 1; fi
      sleep 5
    done
  fi
  if [ ! -x "$bin" ] && [ -x "$shared" ]; then
    if cp "$shared" "$bin.tmp.$$" && mv -f "$bin.tmp.$$" "$bin"; then
      log "$name $version copied from the machine's cache ($shared)"
    else
      rm -f "$bin.tmp.$$"
    fi
  fi
  if [ ! -x "$bin" ]; then
    if ! command -v go >/dev/null 2>&1; then
      exec {lock}>&-
      log "$name $version is not in .tools/bin and Go is not installed (need Go 1.26.8+ at /usr/local/go/bin/go)"
      return 1
    fi
    log "building $name $version with go install into .tools/bin (first time on this machine only; several minutes)"
    local t0 gobin="$ROOT/.tools/gobin-$name.$$"
    t0=$(date +%s)
    rm -rf "$gobin"; mkdir -p "$gobin"
    if ! GOBIN="$gobin" GOFLAGS="${GOFLAGS:--buildvcs=false}" \
         go install "${module}@${version}" >"$RUN_DIR/$name-install.log" 2>&1; then
      tail -n 40 "$RUN_DIR/$name-install.log" >&2
      rm -rf "$gobin"; exec {lock}>&-
      log "go install of $module@$version failed (log: .run/$name-install.log)"
      return 1
    fi
    mv -f "$gobin/$(basename "$module")" "$bin"  # cmd/server -> server, cmd/tools/sql -> sql
    rm -rf "$gobin"
    log "$name $version built in $(( $(date +%s) - t0 ))s"
    _temporal_share "$bin" "$shared"
  fi
  ln -sfn "$name-$version" "$TOOLS_BIN/$name"
  exec {lock}>&-
  [ -x "$bin" ] || { log "$name missing at $bin after install"; return 1; }
}

# _temporal_share BIN SHARED [quiet]: keep a copy in the machine's cache for the next clone (best effort).
_temporal_share() {
  if mkdir -p "$(dirname "$2")" 2>/dev/null && cp "$1" "$2.tmp.$$" 2>/dev/null && mv -f "$2.tmp.$$" "$2"; then
    log "kept a copy in the machine's cache: $2"
  else
    rm -f "$2.tmp.$$" 2>/dev/null
    [ "${3:-}" = quiet ] || log "note: could not keep a copy of $(basename "$1") in $(dirname "$2")"
  fi
  return 0
}

# Sets TEMPORAL_SERVER_BIN to the server binary, installing it when needed.
temporal_ensure_server() {
  if [ -n "$TEMPORAL_SERVER_BIN" ]; then
    [ -x "$TEMPORAL_SERVER_BIN" ] || die "TEMPORAL_SERVER_BIN=$TEMPORAL_SERVER_BIN is not an executable"
    return 0
  fi
  _temporal_go_install temporal-server "$TEMPORAL_SERVER_MODULE" "$TEMPORAL_SERVER_VERSION" \
    || die "no Temporal server binary (install Go 1.26.8+, or set TEMPORAL_SERVER_BIN, or TEMPORAL_ADDRESS to a running server)"
  TEMPORAL_SERVER_BIN="$_TEMPORAL_INSTALLED"
}

# Sets TEMPORAL_UI_BIN to the web UI binary, installing it when needed; returns 1 when it cannot.
temporal_ensure_ui() {
  if [ -n "$TEMPORAL_UI_BIN" ]; then [ -x "$TEMPORAL_UI_BIN" ]; return; fi
  _temporal_go_install temporal-ui "$TEMPORAL_UI_MODULE" "$TEMPORAL_UI_VERSION" || return 1
  TEMPORAL_UI_BIN="$_TEMPORAL_INSTALLED"
}

# Sets TEMPORAL_SQL_BIN to the SQL schema tool (same module and version as the server: its schema files are
# embedded in it), installing it when needed; dies when it cannot.
temporal_ensure_sql_tool() {
  if [ -n "$TEMPORAL_SQL_BIN" ]; then
    [ -x "$TEMPORAL_SQL_BIN" ] || die "TEMPORAL_SQL_BIN=$TEMPORAL_SQL_BIN is not an executable"
    return 0
  fi
  _temporal_go_install temporal-sql-tool "$TEMPORAL_SQL_MODULE" "$TEMPORAL_SERVER_VERSION" \
    || die "no Temporal SQL tool (install Go 1.26.8+, or set TEMPORAL_SQL_BIN)"
  TEMPORAL_SQL_BIN="$_TEMPORAL_INSTALLED"
}

# node scripts/temporal/dev-server.ts ARGS... (namespace check and registration over gRPC)
_temporal_node() {
  (cd "$ROOT" && node -r @swc-node/register scripts/temporal/dev-server.ts "$@")
}

# Does the server on HOST:PORT answer and know namespace `default`?
temporal_namespace_ok() {
  _temporal_node check "${1:-$TEMPORAL_HOST:$TEMPORAL_PORT}" >/dev/null 2>&1
}

# temporal_start [--ui] [--name NAME] [--db FILE] [--fresh]
#   Starts the server unless something already listens on TEMPORAL_HOST:TEMPORAL_PORT (then it is
#   reused, and `default` registered on it when missing). NAME (default "temporal") names
#   .run/NAME.pid and .run/NAME.log (the UI: NAME-ui). --fresh deletes the db file first. Registers
#   NAME for lib.sh's cleanup trap when it started the server.
temporal_start() {
  local ui=0 name=temporal db="${TEMPORAL_DB_FILE:-$RUN_DIR/temporal.db}" fresh=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --ui) ui=1 ;;
      --name) name="$2"; shift ;;
      --db) db="$2"; shift ;;
      --fresh) fresh=1 ;;
      *) die "temporal_start: unknown option $1" ;;
    esac
    shift
  done
  if [ -n "${TEMPORAL_EXTRA_ARGS:-}" ]; then
    log "note: TEMPORAL_EXTRA_ARGS is ignored (it held flags of the CLI's dev server; see TEMPORAL_SQLITE_PRAGMAS)"
  fi
  local address="$TEMPORAL_HOST:$TEMPORAL_PORT"
  TEMPORAL_STARTED=0
  if port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
    log "something already listens on $address; reusing it as the Temporal server"
    _temporal_node ensure-namespace "$address" 30 >/dev/null \
      || die "the server on $address does not answer for namespace 'default' (not a Temporal server, or still starting?)"
    if [ "$ui" = 1 ]; then _temporal_start_ui "$name" "$address"; fi
    return 0
  fi
  temporal_ensure_server
  db="$(realpath -m "$db")"
  mkdir -p "$(dirname "$db")"
  if [ "$fresh" = 1 ]; then rm -f "$db" "$db-wal" "$db-shm" "$db-journal" "$db.version"; fi
  if [ -e "$db" ] && [ "$(cat "$db.version" 2>/dev/null)" != "$TEMPORAL_SERVER_VERSION" ]; then
    log "$db was written by another Temporal version; moving it to $db.old and starting on a new file"
    local f; for f in "" -wal -shm -journal; do [ -e "$db$f" ] && mv -f "$db$f" "$db.old$f"; done
  fi
  start_bg "$name" env \
    KAFLOW_TEMPORAL_PORT="$TEMPORAL_PORT" \
    KAFLOW_TEMPORAL_IP="$TEMPORAL_HOST" \
    KAFLOW_TEMPORAL_DB="$db" \
    KAFLOW_TEMPORAL_DYNAMIC_CONFIG="$ROOT/scripts/temporal/dynamic-config.yaml" \
    KAFLOW_TEMPORAL_LOG_LEVEL="${TEMPORAL_LOG_LEVEL:-warn}" \
    KAFLOW_TEMPORAL_SQLITE_PRAGMAS="${TEMPORAL_SQLITE_PRAGMAS:-}" \
    "$TEMPORAL_SERVER_BIN" --config-file "$ROOT/scripts/temporal/server.yaml" --allow-no-auth start
  TEMPORAL_STARTED=1
  local deadline=$(( $(date +%s) + TEMPORAL_START_TIMEOUT ))
  until port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; do
    if ! bg_alive "$name"; then
      log_tail "$name"; stop_bg "$name"; die "the Temporal server exited during start-up"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log_tail "$name"; stop_bg "$name"; die "the Temporal server did not open $address in ${TEMPORAL_START_TIMEOUT}s"
    fi
    sleep 0.2
  done
  echo "$TEMPORAL_SERVER_VERSION" >"$db.version"
  local left=$(( deadline - $(date +%s) )); [ "$left" -lt 10 ] && left=10
  if ! _temporal_node ensure-namespace "$address" "$left" >/dev/null; then
    log_tail "$name"; stop_bg "$name"; die "the Temporal server on $address did not take namespace 'default'"
  fi
  log "Temporal server $TEMPORAL_SERVER_VERSION ready on $address (namespace default; db $(realpath --relative-to="$ROOT" "$db" 2>/dev/null || echo "$db"))"
  if [ "$ui" = 1 ]; then _temporal_start_ui "$name" "$address"; fi
}

# _temporal_start_ui NAME ADDRESS: the web UI on TEMPORAL_UI_PORT as NAME-ui, unless that port is taken
# (then it is reused) or the UI cannot be installed (then the stack runs without it).
_temporal_start_ui() {
  local name="$1-ui" address="$2"
  if port_open 127.0.0.1 "$TEMPORAL_UI_PORT"; then
    log "something already listens on $TEMPORAL_UI_PORT; taking it for the Temporal UI"
    return 0
  fi
  if ! temporal_ensure_ui; then
    log "WARNING: no Temporal UI (see above); the stack runs without it"
    return 0
  fi
  start_bg "$name" env KAFLOW_TEMPORAL_ADDRESS="$address" KAFLOW_TEMPORAL_UI_PORT="$TEMPORAL_UI_PORT" \
    "$TEMPORAL_UI_BIN" --root "$ROOT" --config scripts/temporal --env ui start
  if ! wait_port 127.0.0.1 "$TEMPORAL_UI_PORT" 30; then
    log_tail "$name"; stop_bg "$name"; log "WARNING: the Temporal UI did not open port $TEMPORAL_UI_PORT; the stack runs without it"
    return 0
  fi
  log "Temporal UI on http://localhost:$TEMPORAL_UI_PORT"
}

temporal_stop() {
  local name="${1:-temporal}"
  if bg_alive "$name-ui"; then stop_bg "$name-ui"; fi
  stop_bg "$name"
}

_temporal_main() {
  local cmd="${1:-run}"; shift || true
  case "$cmd" in
    install)
      temporal_ensure_server; echo "$TEMPORAL_SERVER_BIN"
      for a in "$@"; do
        case "$a" in
          --ui) temporal_ensure_ui || die "could not install the Temporal UI"; echo "$TEMPORAL_UI_BIN" ;;
          --sql) temporal_ensure_sql_tool; echo "$TEMPORAL_SQL_BIN" ;;
          *) die "install: unknown option $a (--ui, --sql)" ;;
        esac
      done ;;
    start)
      temporal_start "$@" ;;
    stop)
      if bg_alive temporal; then temporal_stop temporal; else log "no Temporal server started by this script is running"; rm -f "$RUN_DIR/temporal.pid"; fi ;;
    status)
      if temporal_namespace_ok; then log "Temporal answers on $TEMPORAL_HOST:$TEMPORAL_PORT (namespace default)";
      else log "no Temporal server answers on $TEMPORAL_HOST:$TEMPORAL_PORT"; return 1; fi ;;
    run)
      install_cleanup_trap
      temporal_start --ui "$@"
      if [ "$TEMPORAL_STARTED" != 1 ]; then
        if bg_alive temporal-ui; then
          log "Temporal UI for the running server: http://localhost:$TEMPORAL_UI_PORT   (Ctrl-C stops the UI)"
          while bg_alive temporal-ui; do sleep 1; done
        else log "(already running; nothing to do)"; fi
        return 0
      fi
      log "Temporal UI: http://localhost:$TEMPORAL_UI_PORT   (Ctrl-C stops the server)"
      while bg_alive temporal; do sleep 1; done
      log_tail temporal; die "the Temporal server exited" ;;
    -h|--help|help)
      sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
    *)
      die "unknown command '$cmd' (run|start|stop|status|install)" ;;
  esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  _temporal_main "$@"
fi

#!/usr/bin/env bash
# Temporal CLI + dev server for one machine.
#
# Run:     bash scripts/temporal.sh [run|start|stop|status|install]
#            run      (default; `npm run stack:temporal`) start with the web UI and stay in the
#                     foreground; Ctrl-C stops it
#            start    start in the background (pid/log in .run/), wait until it answers, return;
#                     add --ui for the web UI on ${TEMPORAL_UI_PORT:-8233}
#            stop     stop the server that `start` started (by its pid file)
#            status   is something answering on the port, and does namespace `default` exist
#            install  only make sure the CLI is there, print its path
# Source:  . scripts/temporal.sh   then   temporal_ensure_cli / temporal_start / temporal_stop
#
# Settings: TEMPORAL_HOST (127.0.0.1), TEMPORAL_PORT (7233, or the port of TEMPORAL_ADDRESS),
# TEMPORAL_UI_PORT (8233), TEMPORAL_DB_FILE (.run/temporal.db), TEMPORAL_START_TIMEOUT (60 s),
# TEMPORAL_EXTRA_ARGS (more `server start-dev` flags, e.g. --search-attribute ...).
#
# Which CLI: `temporal` on PATH, else the cached .tools/bin/temporal, else
#   GOBIN=.tools/bin go install github.com/temporalio/cli/cmd/temporal@v1.5.1
# (later tags carry replace directives and refuse `go install`).

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEMPORAL_CLI_MODULE="github.com/temporalio/cli/cmd/temporal"
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
TEMPORAL_HOST="${TEMPORAL_HOST:-127.0.0.1}"
if [ -z "${TEMPORAL_PORT:-}" ]; then
  if [ -n "${TEMPORAL_ADDRESS:-}" ]; then TEMPORAL_PORT="${TEMPORAL_ADDRESS##*:}"; else TEMPORAL_PORT=7233; fi
fi
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
TEMPORAL_START_TIMEOUT="${TEMPORAL_START_TIMEOUT:-60}"
TEMPORAL_BIN="${TEMPORAL_BIN:-}"
# 1 when temporal_start started a server (0 when one was already listening and is reused)
TEMPORAL_STARTED=0

# Someone else's `go install` of the CLI into our .tools/bin (e.g. started by hand) still running?
_temporal_foreign_install_running() {
  pgrep -f "go install ${TEMPORAL_CLI_MODULE}" >/dev/null 2>&1
}

# Sets TEMPORAL_BIN to a working CLI, installing it when needed.
temporal_ensure_cli() {
  if [ -n "$TEMPORAL_BIN" ] && [ -x "$TEMPORAL_BIN" ]; then return 0; fi
  if command -v temporal >/dev/null 2>&1; then
    TEMPORAL_BIN="$(command -v temporal)"; return 0
  fi
  local cached="$TOOLS_BIN/temporal"
  mkdir -p "$TOOLS_BIN"
  # One installer at a time: our lock for our own scripts, and wait for a foreign `go install`.
  exec {_tlock}>"$ROOT/.tools/temporal-install.lock"
  flock "$_tlock"
  if _temporal_foreign_install_running; then
    log "a 'go install' of the Temporal CLI is already running; waiting for it (up to 30 min)"
    local deadline=$(( $(date +%s) + 1800 ))
    while _temporal_foreign_install_running; do
      if [ "$(date +%s)" -ge "$deadline" ]; then flock -u "$_tlock"; die "gave up waiting for the other go install"; fi
      sleep 5
    done
  fi
  if [ ! -x "$cached" ]; then
    command -v go >/dev/null 2>&1 || { flock -u "$_tlock"; die "Temporal CLI not found and Go is not installed (need /usr/local/go/bin/go or 'temporal' on PATH)"; }
    log "installing the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install into .tools/bin (first time only; several minutes)"
    local t0; t0=$(date +%s)
    if ! GOBIN="$TOOLS_BIN" GOFLAGS="${GOFLAGS:--buildvcs=false}" \
         go install "${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}" >"$RUN_DIR/temporal-install.log" 2>&1; then
      tail -n 40 "$RUN_DIR/temporal-install.log" >&2
      flock -u "$_tlock"
      die "go install of the Temporal CLI failed (log: .run/temporal-install.log)"
    fi
    log "Temporal CLI installed in $(( $(date +%s) - t0 ))s"
  fi
  flock -u "$_tlock"
  exec {_tlock}>&-
  [ -x "$cached" ] || die "Temporal CLI missing at $cached after install"
  TEMPORAL_BIN="$cached"
}

# Does the server on HOST:PORT answer and know namespace `default`?
temporal_namespace_ok() {
  local address="${1:-$TEMPORAL_HOST:$TEMPORAL_PORT}"
  timeout 10 "$TEMPORAL_BIN" operator namespace describe --namespace default --address "$address" \
    >/dev/null 2>&1
}

_temporal_wait_namespace() {
  local address="$1" secs="$2"
  local deadline=$(( $(date +%s) + secs ))
  until temporal_namespace_ok "$address"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then return 1; fi
    sleep 1
  done
}

# temporal_start [--ui] [--name NAME] [--db FILE] [--fresh]
#   Starts the dev server unless something already listens on TEMPORAL_HOST:TEMPORAL_PORT (then it
#   is reused). NAME (default "temporal") names .run/NAME.pid and .run/NAME.log. --fresh deletes
#   the db file first. Registers NAME for lib.sh's cleanup trap when it started the server.
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
  temporal_ensure_cli
  local address="$TEMPORAL_HOST:$TEMPORAL_PORT"
  TEMPORAL_STARTED=0
  if port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
    log "something already listens on $address; reusing it as the Temporal server"
    _temporal_wait_namespace "$address" 30 \
      || die "the server on $address does not answer for namespace 'default' (not a Temporal server, or still starting?)"
    return 0
  fi
  if [ "$fresh" = 1 ]; then rm -f "$db" "$db-wal" "$db-shm" "$db-journal"; fi
  local -a args=(server start-dev --ip "$TEMPORAL_HOST" --port "$TEMPORAL_PORT"
                 --db-filename "$db" --log-level warn)
  if [ "$ui" = 1 ]; then args+=(--ui-port "$TEMPORAL_UI_PORT"); else args+=(--headless); fi
  # shellcheck disable=SC2206
  if [ -n "${TEMPORAL_EXTRA_ARGS:-}" ]; then args+=($TEMPORAL_EXTRA_ARGS); fi
  start_bg "$name" "$TEMPORAL_BIN" "${args[@]}"
  TEMPORAL_STARTED=1
  local deadline=$(( $(date +%s) + TEMPORAL_START_TIMEOUT ))
  until port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; do
    if ! bg_alive "$name"; then
      log_tail "$name"; stop_bg "$name"; die "the Temporal dev server exited during start-up"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log_tail "$name"; stop_bg "$name"; die "the Temporal dev server did not open $address in ${TEMPORAL_START_TIMEOUT}s"
    fi
    sleep 0.5
  done
  local left=$(( deadline - $(date +%s) )); [ "$left" -lt 10 ] && left=10
  if ! _temporal_wait_namespace "$address" "$left"; then
    log_tail "$name"; stop_bg "$name"; die "the Temporal dev server on $address has no namespace 'default'"
  fi
  log "Temporal dev server ready on $address (namespace default; db $(realpath --relative-to="$ROOT" "$db" 2>/dev/null || echo "$db"))"
}

temporal_stop() {
  stop_bg "${1:-temporal}"
}

_temporal_main() {
  local cmd="${1:-run}"; shift || true
  case "$cmd" in
    install)
      temporal_ensure_cli; echo "$TEMPORAL_BIN"; "$TEMPORAL_BIN" --version ;;
    start)
      temporal_start "$@" ;;
    stop)
      if bg_alive temporal; then temporal_stop temporal; else log "no Temporal dev server started by this script is running"; rm -f "$RUN_DIR/temporal.pid"; fi ;;
    status)
      temporal_ensure_cli
      if temporal_namespace_ok; then log "Temporal answers on $TEMPORAL_HOST:$TEMPORAL_PORT (namespace default)";
      else log "no Temporal server answers on $TEMPORAL_HOST:$TEMPORAL_PORT"; return 1; fi ;;
    run)
      install_cleanup_trap
      temporal_start --ui "$@"
      if [ "$TEMPORAL_STARTED" != 1 ]; then log "(already running; nothing to do)"; return 0; fi
      log "Temporal UI: http://localhost:$TEMPORAL_UI_PORT   (Ctrl-C stops the server)"
      while bg_alive temporal; do sleep 1; done
      log_tail temporal; die "the Temporal dev server exited" ;;
    -h|--help|help)
      sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
    *)
      die "unknown command '$cmd' (run|start|stop|status|install)" ;;
  esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  _temporal_main "$@"
fi

#!/usr/bin/env bash
# `npm run demo`: the whole stack on one machine with demo data.
#   web app build (when missing or stale) → database (created when missing) → migrations → demo seed → Temporal dev server with UI →
#   mail catcher → worker → API; then waits. Ctrl-C stops everything this script started.
# Logs and pids: .run/<service>.log / .run/<service>.pid. A service already listening on its port
# (Temporal, mail catcher) is reused and left running.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$ROOT/scripts/temporal.sh"
. "$ROOT/scripts/postgres.sh"
cd "$ROOT"
install_cleanup_trap

phase "doctor"
bash "$ROOT/scripts/doctor.sh" demo || exit 2

export PORT="${PORT:-3000}"
export TEMPORAL_ADDRESS="$TEMPORAL_HOST:$TEMPORAL_PORT"
export SMTP_PORT="${SMTP_PORT:-1025}"
export MAIL_WEB_PORT="${MAIL_WEB_PORT:-1080}"
export WECOM_PORT="${WECOM_PORT:-1090}"
export WECOM_API_BASE="${WECOM_API_BASE:-http://127.0.0.1:$WECOM_PORT}"
export WECOM_OAUTH_BASE="${WECOM_OAUTH_BASE:-http://127.0.0.1:$WECOM_PORT}"
# the seed writes the first dealer's WeCom callback URL here; the catcher posts card clicks to it
export WECOM_CALLBACK_FILE="${WECOM_CALLBACK_FILE:-$PWD/.run/wecom-callback.json}"
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:$SMTP_PORT}"
API_HEALTH_TIMEOUT="${API_HEALTH_TIMEOUT:-120}"
STARTED=()   # services this script started and watches

fail_service() {
  log_tail "$1" 60
  die "$1 stopped ($2); see .run/$1.log"
}

phase "npm dependencies"
ensure_deps

phase "web app build"
ensure_web_build

phase "database"
postgres_select DATABASE_URL
ensure_database "$DATABASE_URL"

phase "migrations"
npm run --silent migrate

phase "demo seed"
KAFLOW_DEMO=1 npm run --silent seed

phase "temporal dev server"
temporal_start --ui --name temporal
if [ "$TEMPORAL_STARTED" = 1 ]; then STARTED+=(temporal)
elif ! port_open 127.0.0.1 "$TEMPORAL_UI_PORT"; then
  log "note: the Temporal server already running on $TEMPORAL_ADDRESS has no UI on port $TEMPORAL_UI_PORT"
fi

phase "mail catcher"
if port_open 127.0.0.1 "$SMTP_PORT" || port_open 127.0.0.1 "$MAIL_WEB_PORT"; then
  if ! { port_open 127.0.0.1 "$SMTP_PORT" && port_open 127.0.0.1 "$MAIL_WEB_PORT"; }; then
    die "only one of ports $SMTP_PORT/$MAIL_WEB_PORT is in use: something else holds it"
  fi
  log "a mail catcher already listens on $SMTP_PORT/$MAIL_WEB_PORT; reusing it"
else
  # maildev (npm, a development dependency): SMTP on $SMTP_PORT, web UI and REST API (GET /api/email) on $MAIL_WEB_PORT
  start_bg mail "$ROOT/node_modules/.bin/maildev" --smtp "$SMTP_PORT" --web "$MAIL_WEB_PORT" --ip 127.0.0.1 --web-ip 127.0.0.1
  STARTED+=(mail)
  deadline=$(( $(date +%s) + 30 ))
  until port_open 127.0.0.1 "$SMTP_PORT" && port_open 127.0.0.1 "$MAIL_WEB_PORT"; do
    bg_alive mail || fail_service mail "exited during start-up"
    [ "$(date +%s)" -lt "$deadline" ] || fail_service mail "ports $SMTP_PORT/$MAIL_WEB_PORT not open after 30s"
    sleep 0.5
  done
fi

phase "wecom catcher"
if port_open 127.0.0.1 "$WECOM_PORT"; then
  log "something already listens on $WECOM_PORT; using it as the WeCom catcher"
else
  start_bg wecom node -r @swc-node/register scripts/wecom-catcher.ts
  STARTED+=(wecom)
  deadline=$(( $(date +%s) + 30 ))
  until port_open 127.0.0.1 "$WECOM_PORT"; do
    bg_alive wecom || fail_service wecom "exited during start-up"
    [ "$(date +%s)" -lt "$deadline" ] || fail_service wecom "port $WECOM_PORT not open after 30s"
    sleep 0.5
  done
fi

phase "worker"
start_bg worker npm run --silent start:worker
STARTED+=(worker)

phase "api"
if port_open 127.0.0.1 "$PORT"; then die "port $PORT is already in use (set PORT=... to use another)"; fi
start_bg api env KAFLOW_DEMO=1 npm run --silent start:api
STARTED+=(api)
deadline=$(( $(date +%s) + API_HEALTH_TIMEOUT ))
until http_ok "http://127.0.0.1:$PORT/api/health"; do
  for s in worker api; do bg_alive "$s" || fail_service "$s" "exited during start-up"; done
  [ "$(date +%s)" -lt "$deadline" ] \
    || fail_service api "GET http://127.0.0.1:$PORT/api/health did not return 200 within ${API_HEALTH_TIMEOUT}s"
  sleep 1
done
phase_report

cat <<INFO

  KA Flow demo is running.

    Web            http://localhost:$PORT/          (log in as ka_manager, password kaflow-demo)
    API            http://localhost:$PORT/api
    OpenAPI        http://localhost:$PORT/api/docs
    Temporal UI    http://localhost:$TEMPORAL_UI_PORT
    Mail catcher   http://localhost:$MAIL_WEB_PORT   (SMTP $SMTP_URL)
    Database       $KAFLOW_DB_DESCRIPTION
    WeCom catcher  http://localhost:$WECOM_PORT   (what the group robots and the application "sent")

  Demo logins (password: kaflow-demo)
    dealer 1: consultant, consultant_b, consultant_c (new), ka_manager, sales_director, gm,
              marketing_director, cs_manager, cs_agent, training_manager, admin
    dealer 2: the same with the suffix 2 (consultant2, consultant_b2, ka_manager2, ... admin2)
    region:   region_manager (西部区, reads both dealers)    national: sysadmin (loads the official calendar)

  Logs: .run/{temporal,mail,wecom,worker,api}.log      Ctrl-C stops the demo.

INFO

# Watch: any service that dies ends the demo (non-zero), after showing its log.
while true; do
  for s in "${STARTED[@]}"; do
    bg_alive "$s" || fail_service "$s" "exited"
  done
  sleep 2 &
  wait $! || true
done

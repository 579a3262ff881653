#!/usr/bin/env bash
# The test command (`npm test`): typecheck, lint, then every jest project (unit, replay, integration, e2e, browser,
# faults; KAFLOW_FAULTS=0 leaves the kill tests out).
#   - builds the web app (apps/web/dist) when missing or stale; installs Debian's chromium and
#     fonts-noto-cjk when missing (KAFLOW_TEST_NO_BROWSER=1 skips that check)
#   - installs npm dependencies when missing or stale
#   - makes sure a Temporal server (v1.32.0 on SQLite, scripts/temporal.sh) answers on 127.0.0.1:${TEMPORAL_PORT:-7233}:
#     reuses one that already listens, otherwise starts one on a fresh .run/temporal-test.db and
#     stops it on exit
#   - TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kaflow_test) is created and
#     migrated by the jest global setup; tests start their own SMTP listener in-process
# Arguments go to jest:  npm test -- --selectProjects unit    npm test -- -t 'callback'
# KAFLOW_TEST_NO_TEMPORAL=1 skips the Temporal step (e.g. for unit tests only);
# KAFLOW_TEST_SKIP_TYPECHECK=1 skips tsc (quicker local iterations; CI always typechecks).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$ROOT/scripts/temporal.sh"
. "$ROOT/scripts/postgres.sh"
cd "$ROOT"
install_cleanup_trap

phase "doctor"
bash "$ROOT/scripts/doctor.sh" test || exit 2

phase "npm dependencies"
ensure_deps

phase "web app build"
ensure_web_build
if [ "${KAFLOW_TEST_NO_BROWSER:-0}" != 1 ]; then
  phase "chromium"
  ensure_chromium
fi

# The forms' tests read the produced .xlsx back with a second reader: Debian's python3-openpyxl.
if ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
  phase "python3-openpyxl (second .xlsx reader)"
  (apt-get install -y python3-openpyxl >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y python3-openpyxl >/dev/null 2>&1; }) \
    || log "WARNING: could not install python3-openpyxl; the forms' read-back tests will fail"
fi

if [ "${KAFLOW_TEST_NO_TEMPORAL:-0}" != 1 ]; then
  phase "temporal dev server"
  # one name per port: a second run on another port must not take this one's SQLite file or pid file
  _tname=temporal-test; [ "$TEMPORAL_PORT" = 7233 ] || _tname="temporal-test-$TEMPORAL_PORT"
  temporal_start --name "$_tname" --db "$RUN_DIR/$_tname.db" --fresh
  export TEMPORAL_ADDRESS="$TEMPORAL_HOST:$TEMPORAL_PORT"
fi

phase "database"
postgres_select TEST_DATABASE_URL
# host:port of the test database, for an early, readable failure when PostgreSQL is down
_pg_hostport="${TEST_DATABASE_URL#*://}"; _pg_hostport="${_pg_hostport#*@}"; _pg_hostport="${_pg_hostport%%/*}"
_pg_host="${_pg_hostport%%:*}"; _pg_port="${_pg_hostport##*:}"
[ "$_pg_port" = "$_pg_hostport" ] && _pg_port=5432
if [ -n "$_pg_host" ] && ! port_open "$_pg_host" "$_pg_port"; then
  log "WARNING: nothing listens on $_pg_host:$_pg_port (TEST_DATABASE_URL); integration and e2e tests will fail"
fi

if [ "${KAFLOW_TEST_SKIP_TYPECHECK:-0}" != 1 ]; then
  phase "typecheck (tsc --noEmit)"
  npx tsc -p tsconfig.json --noEmit || { log "typecheck failed"; exit 2; }
  npx tsc -p apps/web/tsconfig.json --noEmit || { log "typecheck of the web app failed"; exit 2; }
  npm run -s api:types:check || { log "the web's API types are stale (npm run api:types)"; exit 2; }
fi

if [ "${KAFLOW_TEST_SKIP_TYPECHECK:-0}" != 1 ]; then
  phase "lint (eslint + prettier --check)"
  npm run -s lint || { log "lint failed (npm run format fixes layout)"; exit 2; }
fi

phase "jest"
set +e
npx jest --runInBand --json --outputFile="$RUN_DIR/jest-results.json" "$@"
rc=$?
# A plain closing line that any CI reader understands: "tests: N passed, N failed, N skipped".
node -e 'const r=require(process.argv[1]); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`)' "$RUN_DIR/jest-results.json" 2>/dev/null || true
set -e
phase_end
log "jest exited with $rc"
exit "$rc"

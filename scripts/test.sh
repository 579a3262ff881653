#!/usr/bin/env bash
# The test command (`npm test`): typecheck and lint beside every jest project (unit, replay, integration, e2e,
# browser, faults; KAFLOW_FAULTS=0 leaves the kill tests out), then the time per project and the slowest files.
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
# KAFLOW_TEST_SKIP_TYPECHECK=1 skips tsc and lint (quicker local iterations; CI always checks);
# KAFLOW_TEST_WORKERS=N runs jest's files in N processes (default 3; 1 runs them one by one).
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

# Typecheck and lint run beside jest (they compute while the tests mostly wait); their verdicts count at the end.
checks=()
if [ "${KAFLOW_TEST_SKIP_TYPECHECK:-0}" != 1 ]; then
  log "typecheck (tsc --noEmit) and lint (eslint + prettier --check) run beside jest: .run/typecheck.log, .run/lint.log"
  ( t0=$(date +%s)
    npx tsc -p tsconfig.json --noEmit && npx tsc -p apps/web/tsconfig.json --noEmit \
      && { npm run -s api:types:check || { echo "the web's API types are stale (npm run api:types)"; false; }; }
    rc=$?; echo "typecheck exited with $rc after $(( $(date +%s) - t0 ))s"; exit "$rc" ) >"$RUN_DIR/typecheck.log" 2>&1 &
  checks+=("typecheck:$!")
  ( t0=$(date +%s); npm run -s lint
    rc=$?; echo "lint exited with $rc after $(( $(date +%s) - t0 ))s"; exit "$rc" ) >"$RUN_DIR/lint.log" 2>&1 &
  checks+=("lint:$!")
fi

# Jest: files run in KAFLOW_TEST_WORKERS worker processes (default 3; 1 = --runInBand). Every file makes its own
# dealers, Temporal task queue and SMTP listener, so files share no rows and no port. With no arguments, the
# kill tests (faults) run at the same time in a second jest process (KAFLOW_TEST_FAULT_WORKERS files at once,
# default 1), on a database of their own (the global setup drops the schema of the database it is given) and a
# workflow bundle file of their own.
phase "jest"
workers="${KAFLOW_TEST_WORKERS:-3}"
if [ "$workers" -le 1 ]; then parallel=(--runInBand); else parallel=(--maxWorkers="$workers"); fi
# each kill test starts a whole stack of processes: one at a time unless asked
fault_workers="${KAFLOW_TEST_FAULT_WORKERS:-1}"
fault_parallel=(--runInBand)
[ "$fault_workers" -le 1 ] || fault_parallel=(--maxWorkers="$fault_workers")
results=("$RUN_DIR/jest-results.json")
rm -f "$RUN_DIR/jest-results.json" "$RUN_DIR/jest-results-faults.json"
set +e
faults_pid=""
if [ $# -eq 0 ] && [ "${KAFLOW_FAULTS:-1}" != 0 ]; then
  _db_base="${TEST_DATABASE_URL%%\?*}"
  log "faults: a second jest process (log .run/jest-faults.log, database ${_db_base##*/}_faults)"
  TEST_DATABASE_URL="${_db_base}_faults${TEST_DATABASE_URL#"$_db_base"}" \
    KAFLOW_TEST_BUNDLE="$RUN_DIR/test-workflow-bundle-faults.js" \
    npx jest --selectProjects faults "${fault_parallel[@]}" --json --outputFile="$RUN_DIR/jest-results-faults.json" \
    >"$RUN_DIR/jest-faults.log" 2>&1 &
  faults_pid=$!
  results+=("$RUN_DIR/jest-results-faults.json")
  npx jest --selectProjects unit replay integration e2e browser "${parallel[@]}" \
    --json --outputFile="$RUN_DIR/jest-results.json"
  rc=$?
  log "waiting for the faults' jest process"
  wait "$faults_pid"
  frc=$?
  echo "----- the faults' jest process (.run/jest-faults.log) -----"
  cat "$RUN_DIR/jest-faults.log"
  echo "----- end of the faults' jest process (exit $frc) -----"
  [ "$rc" -ne 0 ] || rc=$frc
else
  npx jest "${parallel[@]}" --json --outputFile="$RUN_DIR/jest-results.json" "$@"
  rc=$?
fi
for c in "${checks[@]}"; do
  name="${c%%:*}"
  if ! wait "${c##*:}"; then
    log "$name failed (.run/$name.log):"; cat "$RUN_DIR/$name.log" >&2
    [ "$name" = lint ] && log "(npm run format fixes layout)"
    [ "$rc" -ne 0 ] || rc=2
  else
    log "$(tail -n 1 "$RUN_DIR/$name.log")"
  fi
done
set -e
phase_end
log "jest exited with $rc"
phase_report
cleanup_bg
# Time per jest project, the 10 slowest files, and a plain closing line that any CI reader understands:
# "tests: N passed, N failed, N skipped".
node "$ROOT/scripts/test-times.js" "${results[@]}" || true
exit "$rc"

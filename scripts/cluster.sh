#!/usr/bin/env bash
# `npm run cluster`: KA Flow's production shape on one machine, two of everything:
#   PostgreSQL (its own embedded instance: the Temporal store, Temporal visibility and KA Flow's database)
#   → the Temporal schema (temporal-sql-tool, plugin postgres12, from the schema embedded in the tool)
#   → two Temporal server nodes in one membership ring → namespace `default`
#   → the mail catcher (maildev) and the WeCom catcher → migrations and the demo seed
#   → two workers → two API instances → haproxy in front of the APIs (the web address) and of the two
#     Temporal frontends (the address the APIs and workers dial).
# Everything runs in the background (pids and logs in .run/cluster/); the script returns once the web address
# answers and prints what runs where. Re-runnable: what already runs is kept, what is missing is started.
#
#   npm run cluster                 start (or complete) the cluster
#   npm run cluster -- stop         stop everything it started (data stays in .run/cluster/pg)
#   npm run cluster -- status       what runs where, and which parts are down
#   npm run cluster -- env          the variables that point a test run or a bench at the cluster (eval-able)
#   npm run cluster -- reset        stop, then delete the cluster's data (.run/cluster)
#
# Settings: CLUSTER_PORT_BASE (8100; every port below is an offset from it), CLUSTER_HISTORY_SHARDS (16; fixed
# when the Temporal database is set up: a different value later is refused), CLUSTER_LOG_LEVEL (warn).
#   +0  web (haproxy → the two APIs)            +1, +2    API instances
#   +5  Temporal frontend (haproxy → nodes)      +6        haproxy's statistics page
#   +10 Temporal node 1 (+10..+17)               +20       Temporal node 2 (+20..+27)
#   +31, +32 the workers' metrics                +41, +42  mail catcher SMTP and web   +43 WeCom catcher
#   +50 PostgreSQL
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$ROOT/scripts/temporal.sh"
cd "$ROOT"

BASE="${CLUSTER_PORT_BASE:-8100}"
WEB_PORT=$BASE
API_PORTS=($((BASE + 1)) $((BASE + 2)))
TEMPORAL_LB_PORT=$((BASE + 5))
STATS_PORT=$((BASE + 6))
NODE_PORTS=($((BASE + 10)) $((BASE + 20)))
METRICS_PORTS=($((BASE + 31)) $((BASE + 32)))
SMTP_PORT=$((BASE + 41))
MAIL_WEB_PORT=$((BASE + 42))
WECOM_PORT=$((BASE + 43))
PG_PORT=$((BASE + 50))
SHARDS="${CLUSTER_HISTORY_SHARDS:-16}"
DIR="$RUN_DIR/cluster"
PG_URL="postgres://postgres@127.0.0.1:$PG_PORT"
TEMPORAL_DB=temporal_cluster
VISIBILITY_DB=temporal_cluster_visibility
KAFLOW_DB=kaflow_cluster
# Names for start_bg: .run/cluster/NAME.{pid,log}
N_PG=cluster/pg
N_NODES=(cluster/temporal-1 cluster/temporal-2)
N_MAIL=cluster/mail
N_WECOM=cluster/wecom
N_WORKERS=(cluster/worker-1 cluster/worker-2)
N_APIS=(cluster/api-1 cluster/api-2)
N_LB=cluster/haproxy
ALL=("$N_LB" "${N_APIS[@]}" "${N_WORKERS[@]}" "$N_WECOM" "$N_MAIL" "${N_NODES[@]}" "$N_PG")
mkdir -p "$DIR"

psql_c() { psql "$PG_URL/$1" -XAtq -v ON_ERROR_STOP=1 -c "$2"; }

# The environment every API and worker of the cluster shares (secrets generated once into .run/cluster).
app_env() {
  if [ ! -s "$DIR/secrets.env" ]; then
    umask 077
    printf 'JWT_SECRET=%s\nKAFLOW_SECRET_KEY=%s\n' "$(head -c 32 /dev/urandom | base64 | tr -d '=+/')" \
      "$(head -c 32 /dev/urandom | base64 | tr -d '=+/')" >"$DIR/secrets.env"
  fi
  local line
  while IFS= read -r line; do [ -n "$line" ] && export "${line?}"; done <"$DIR/secrets.env"
  export DATABASE_URL="$PG_URL/$KAFLOW_DB"
  export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_LB_PORT"
  export TEMPORAL_NAMESPACE=default TEMPORAL_TASK_QUEUE=kaflow
  export SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
  export WECOM_API_BASE="http://127.0.0.1:$WECOM_PORT"
  export PUBLIC_URL="http://localhost:$WEB_PORT"
  export LOG_LEVEL="${CLUSTER_LOG_LEVEL:-warn}"
  export KAFLOW_DEMO=1
}

wait_until() { # wait_until SECS NAME DESCRIPTION CMD...: CMD succeeds, or NAME's log and a failure
  local secs="$1" name="$2" what="$3"; shift 3
  local deadline=$(( $(date +%s) + secs ))
  until "$@"; do
    if [ -n "$name" ] && ! bg_alive "$name"; then log_tail "$name" 40; die "$name exited: $what"; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      [ -n "$name" ] && log_tail "$name" 40
      die "$what: not within ${secs}s"
    fi
    sleep 0.5
  done
}

ensure_haproxy() {
  command -v haproxy >/dev/null 2>&1 && return 0
  log "installing haproxy (apt-get)"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  local apt=(env DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq haproxy)
  { "${apt[@]}" >/dev/null 2>&1 || { $sudo apt-get update -qq && "${apt[@]}" >/dev/null; }; } \
    || die "could not install haproxy with apt-get"
}

start_pg() {
  if bg_alive "$N_PG"; then return 0; fi
  port_open 127.0.0.1 "$PG_PORT" && die "port $PG_PORT is taken by something else (CLUSTER_PORT_BASE moves the cluster)"
  # Temporal: 2 nodes x 2 stores x 10 connections; the APIs and workers: 10 each; the tests and benches beside
  start_bg "$N_PG" node -r @swc-node/register scripts/embedded-postgres.ts --port "$PG_PORT" --dir "$DIR/pg" \
    --set max_connections=300 --set shared_buffers=128MB
  wait_until 120 "$N_PG" "PostgreSQL on $PG_PORT" grep -q 'embedded PostgreSQL ready' "$RUN_DIR/$N_PG.log"
}

# The Temporal schema in both databases, with the SQL tool of the server's version (its schema files are embedded in
# the binary: setup-schema -v 0.0 creates the version table, update-schema applies every version after it).
setup_temporal_schema() {
  temporal_ensure_sql_tool
  local db kind
  : >"$DIR/schema.log"
  for db in "$TEMPORAL_DB" "$VISIBILITY_DB"; do
    kind=temporal; [ "$db" = "$VISIBILITY_DB" ] && kind=visibility
    local sql=("$TEMPORAL_SQL_BIN" --plugin postgres12 --ep 127.0.0.1 -p "$PG_PORT" -u postgres --db "$db")
    if [ -z "$(psql_c postgres "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      "${sql[@]}" create >>"$DIR/schema.log" 2>&1 || { cat "$DIR/schema.log" >&2; die "could not create $db"; }
    fi
    if [ -z "$(psql_c "$db" "SELECT to_regclass('public.schema_version')")" ]; then
      "${sql[@]}" setup-schema -v 0.0 >>"$DIR/schema.log" 2>&1 || { cat "$DIR/schema.log" >&2; die "setup-schema $db"; }
    fi
    "${sql[@]}" update-schema --schema-name "postgresql/v12/$kind" >>"$DIR/schema.log" 2>&1 \
      || { cat "$DIR/schema.log" >&2; die "update-schema $db"; }
    log "$db: schema version $(psql_c "$db" 'SELECT curr_version FROM schema_version')"
  done
  # The shard count is written into the store on the first start and can never change.
  local had; had="$(cat "$DIR/history-shards" 2>/dev/null || true)"
  if [ -n "$had" ] && [ "$had" != "$SHARDS" ]; then
    die "this cluster's store was set up with $had history shards; CLUSTER_HISTORY_SHARDS=$SHARDS cannot" \
      "change it (npm run cluster -- reset starts a new store)"
  fi
  echo "$SHARDS" >"$DIR/history-shards"
}

start_node() { # start_node INDEX
  local name="${N_NODES[$1]}" port="${NODE_PORTS[$1]}"
  if bg_alive "$name"; then return 0; fi
  port_open 127.0.0.1 "$port" && die "port $port is taken by something else"
  start_bg "$name" env KAFLOW_NODE_PORT="$port" KAFLOW_NODE_IP=127.0.0.1 KAFLOW_PG_PORT="$PG_PORT" \
    KAFLOW_PG_DB="$TEMPORAL_DB" KAFLOW_PG_VISIBILITY_DB="$VISIBILITY_DB" KAFLOW_HISTORY_SHARDS="$SHARDS" \
    KAFLOW_DYNAMIC_CONFIG="$ROOT/scripts/cluster/dynamic-config.yaml" KAFLOW_LOG_LEVEL="${CLUSTER_LOG_LEVEL:-warn}" \
    "$TEMPORAL_SERVER_BIN" --config-file "$ROOT/scripts/cluster/temporal-node.yaml" --allow-no-auth start
}

haproxy_config() {
  cat <<CFG
# written by scripts/cluster.sh: the web address in front of the two API instances, and one Temporal address in
# front of the two Temporal frontends (gRPC connections spread per connection; a dead node is taken out by its check)
global
  maxconn 2000
defaults
  timeout connect 3s
  timeout client 1h
  timeout server 1h
  timeout tunnel 1h
  retries 2
frontend web
  mode http
  bind 127.0.0.1:$WEB_PORT
  default_backend apis
backend apis
  mode http
  balance roundrobin
  option redispatch
  retry-on conn-failure empty-response response-timeout
  # an API that answers its health route at all (200, or 503 while PostgreSQL or Temporal is away) is up
  option httpchk GET /api/health
  http-check expect rstatus ^(200|503)\$
  default-server inter 1s fall 2 rise 1
  server api-1 127.0.0.1:${API_PORTS[0]} check
  server api-2 127.0.0.1:${API_PORTS[1]} check
frontend temporal
  mode tcp
  bind 127.0.0.1:$TEMPORAL_LB_PORT
  default_backend temporal_nodes
backend temporal_nodes
  mode tcp
  balance roundrobin
  option redispatch
  default-server inter 1s fall 2 rise 1
  server temporal-1 127.0.0.1:${NODE_PORTS[0]} check
  server temporal-2 127.0.0.1:${NODE_PORTS[1]} check
frontend stats
  mode http
  bind 127.0.0.1:$STATS_PORT
  stats enable
  stats uri /
  stats refresh 5s
CFG
}

start_lb() {
  if bg_alive "$N_LB"; then return 0; fi
  ensure_haproxy
  haproxy_config >"$DIR/haproxy.cfg"
  haproxy -c -q -f "$DIR/haproxy.cfg" || die "haproxy refuses $DIR/haproxy.cfg"
  start_bg "$N_LB" haproxy -db -f "$DIR/haproxy.cfg"
  wait_until 20 "$N_LB" "haproxy on $WEB_PORT" port_open 127.0.0.1 "$WEB_PORT"
  wait_until 20 "$N_LB" "haproxy on $TEMPORAL_LB_PORT" port_open 127.0.0.1 "$TEMPORAL_LB_PORT"
}

start_mail() {
  if ! bg_alive "$N_MAIL"; then
    start_bg "$N_MAIL" "$ROOT/node_modules/.bin/maildev" --smtp "$SMTP_PORT" --web "$MAIL_WEB_PORT" \
      --ip 127.0.0.1 --web-ip 127.0.0.1
  fi
  if ! bg_alive "$N_WECOM"; then
    start_bg "$N_WECOM" env WECOM_PORT="$WECOM_PORT" node -r @swc-node/register scripts/wecom-catcher.ts
  fi
  wait_until 60 "$N_MAIL" "mail catcher on $SMTP_PORT" port_open 127.0.0.1 "$SMTP_PORT"
  wait_until 60 "$N_WECOM" "WeCom catcher on $WECOM_PORT" port_open 127.0.0.1 "$WECOM_PORT"
}

worker_running() { grep -q 'worker running' "$RUN_DIR/$1.log" 2>/dev/null; }
api_up() { http_ok "http://127.0.0.1:$1/api/health"; }

start_apps() {
  local i
  local bundle="$DIR/workflow-bundle.js"
  if [ ! -f "$bundle" ] || [ -n "$(find workflows/src libs/*/src -name '*.ts' -newer "$bundle" -print -quit)" ]; then
    log "bundling the workflow code once for both workers"
    node -r @swc-node/register scripts/cluster/bundle.ts "$bundle"
  fi
  for i in 0 1; do
    bg_alive "${N_WORKERS[$i]}" && continue
    # LOG_LEVEL info for the worker: its 'worker running' line says the task queue and where its metrics are (or off)
    start_bg "${N_WORKERS[$i]}" env KAFLOW_WORKFLOW_BUNDLE="$bundle" LOG_LEVEL=info \
      WORKER_METRICS_ADDRESS="127.0.0.1:${METRICS_PORTS[$i]}" node -r @swc-node/register apps/worker/src/main.ts
  done
  for i in 0 1; do
    bg_alive "${N_APIS[$i]}" && continue
    port_open 127.0.0.1 "${API_PORTS[$i]}" && die "port ${API_PORTS[$i]} is taken by something else"
    start_bg "${N_APIS[$i]}" env PORT="${API_PORTS[$i]}" HOST=127.0.0.1 node -r @swc-node/register apps/api/src/main.ts
  done
  for i in 0 1; do
    wait_until 240 "${N_WORKERS[$i]}" "${N_WORKERS[$i]} running" worker_running "${N_WORKERS[$i]}"
    wait_until 240 "${N_APIS[$i]}" "${N_APIS[$i]} healthy on ${API_PORTS[$i]}" api_up "${API_PORTS[$i]}"
  done
}

cluster_up() {
  install_cleanup_trap
  phase "npm dependencies and web build"
  ensure_deps
  ensure_web_build
  phase "binaries (Temporal server and SQL tool $TEMPORAL_SERVER_VERSION, haproxy)"
  temporal_ensure_server
  temporal_ensure_sql_tool
  ensure_haproxy
  phase "PostgreSQL"
  start_pg
  phase "Temporal schema"
  setup_temporal_schema
  phase "Temporal nodes"
  # one after the other: the first start of a store writes the cluster's metadata, and two at once collide on it
  start_node 0
  wait_until 120 "${N_NODES[0]}" "Temporal node 1 on ${NODE_PORTS[0]}" port_open 127.0.0.1 "${NODE_PORTS[0]}"
  start_node 1
  wait_until 120 "${N_NODES[1]}" "Temporal node 2 on ${NODE_PORTS[1]}" port_open 127.0.0.1 "${NODE_PORTS[1]}"
  phase "load balancer"
  start_lb
  phase "namespace"
  _temporal_node ensure-namespace "127.0.0.1:$TEMPORAL_LB_PORT" 120 >/dev/null
  phase "mail and WeCom catchers"
  start_mail
  app_env
  phase "database, migrations, demo seed"
  ensure_database "$DATABASE_URL"
  npm run --silent migrate
  npm run --silent seed
  phase "workers and APIs"
  start_apps
  wait_until 60 "$N_LB" "the web address $WEB_PORT" http_ok "http://127.0.0.1:$WEB_PORT/api/health"
  phase_report
  _BG_NAMES=() # everything stays up after this script returns
  trap - EXIT INT TERM
  cluster_status
}

cluster_status() {
  local down=0 n
  for n in "${ALL[@]}"; do bg_alive "$n" || { down=1; log "down: $n"; }; done
  local ring="(PostgreSQL down)"
  if port_open 127.0.0.1 "$PG_PORT"; then
    # roles as Temporal numbers them: 1 frontend, 2 history, 3 matching, 4 worker
    ring="$(psql_c "$TEMPORAL_DB" "SELECT string_agg(r, ', ' ORDER BY r) FROM (SELECT (CASE role \
      WHEN 1 THEN 'frontend' WHEN 2 THEN 'history' WHEN 3 THEN 'matching' ELSE 'worker' END) || ' ' \
      || string_agg(DISTINCT rpc_port::text, '+') AS r FROM cluster_membership \
      WHERE record_expiry > now() AT TIME ZONE 'UTC' GROUP BY role) m" 2>/dev/null \
      || echo '?')"
  fi
  local metrics=()
  for n in "${N_WORKERS[@]}"; do
    metrics+=("$(grep -o '"metrics":"[^"]*"' "$RUN_DIR/$n.log" 2>/dev/null | tail -n 1 | cut -d'"' -f4)")
  done
  cat <<INFO

  KA Flow cluster (npm run cluster; stop: npm run cluster -- stop)

    Web (haproxy)        http://localhost:$WEB_PORT/   → APIs on 127.0.0.1:${API_PORTS[0]} and :${API_PORTS[1]}
    Temporal (haproxy)   127.0.0.1:$TEMPORAL_LB_PORT   → frontends 127.0.0.1:${NODE_PORTS[0]} and :${NODE_PORTS[1]}
    haproxy statistics   http://localhost:$STATS_PORT/
    Temporal nodes       server $TEMPORAL_SERVER_VERSION, all four services each; history shards: $SHARDS
                         node 1 on ports ${NODE_PORTS[0]}-$((NODE_PORTS[0] + 7)), node 2 on \
${NODE_PORTS[1]}-$((NODE_PORTS[1] + 7))
                         ring now: ${ring:-none}
    Workers              2 on task queue kaflow; metrics: ${metrics[0]:-?}, ${metrics[1]:-?}
    PostgreSQL           $PG_URL (embedded, data in .run/cluster/pg): $TEMPORAL_DB, $VISIBILITY_DB, $KAFLOW_DB
    Mail catcher         http://localhost:$MAIL_WEB_PORT   (SMTP 127.0.0.1:$SMTP_PORT)
    WeCom catcher        http://localhost:$WECOM_PORT
    Logs and pids        .run/cluster/

  Demo logins at http://localhost:$WEB_PORT/ (password kaflow-demo): ka_manager, consultant, gm, ... (as npm run demo)
INFO
  return "$down"
}

cluster_stop() {
  local n
  for n in "${ALL[@]}"; do stop_bg "$n" 20; done
  log "cluster stopped (data kept in .run/cluster/pg; npm run cluster -- reset deletes it)"
}

case "${1:-up}" in
  up | start) cluster_up ;;
  stop) cluster_stop ;;
  status) cluster_status ;;
  env)
    app_env >/dev/null
    echo "export TEMPORAL_PORT=$TEMPORAL_LB_PORT TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_LB_PORT"
    echo "export TEST_DATABASE_URL=$PG_URL/kaflow_cluster_test KAFLOW_CLUSTER_URL=http://127.0.0.1:$WEB_PORT"
    echo "export KAFLOW_CLUSTER_PG_URL=$PG_URL KAFLOW_CLUSTER_RUN_DIR=$DIR" ;;
  reset) cluster_stop; rm -rf "$DIR"; log "deleted .run/cluster" ;;
  -h | --help | help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (up, stop, status, env, reset)" ;;
esac

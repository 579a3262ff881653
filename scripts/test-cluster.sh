#!/usr/bin/env bash
# `npm run test:cluster`: the suites against the production shape (`npm run cluster`, scripts/cluster.sh).
#   1. brings the cluster up (or completes it), on CLUSTER_PORT_BASE (8100);
#   2. runs the e2e part that covers every process — record keeping, conversion, the month-end cycle with its
#      sign-offs, the weekly review — with the tests' Temporal being the cluster (through haproxy, so either node
#      serves) and their database on the cluster's PostgreSQL (kaflow_cluster_test), beside the `cluster` project:
#      the shape (tests/cluster/cluster-shape) and the kills and the PostgreSQL restart (tests/cluster/cluster-faults);
#   3. with COST=1, the cost measurement on the cluster (npm run bench:cost) after the e2e part, whose completed
#      planning runs it reads;
#   4. stops the cluster when this script started it (KEEP_CLUSTER=1 leaves it running).
# Arguments replace the test files of step 2 (e.g. `npm run test:cluster -- tests/cluster`).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

E2E_PART=(
  tests/e2e/record-keeping-report.e2e-spec.ts
  tests/e2e/callback-flow.e2e-spec.ts
  tests/e2e/conversion.e2e-spec.ts
  tests/e2e/planning-cycle.e2e-spec.ts
  tests/e2e/weekly-review.e2e-spec.ts
  tests/cluster
)
[ $# -eq 0 ] || E2E_PART=("$@")

was_up=0
if bash scripts/cluster.sh status >/dev/null 2>&1; then was_up=1; fi
stop_after() {
  local rc=$?
  if [ "$was_up" = 0 ] && [ "${KEEP_CLUSTER:-0}" != 1 ]; then bash scripts/cluster.sh stop || true; fi
  exit "$rc"
}
trap stop_after EXIT
bash scripts/cluster.sh up
eval "$(bash scripts/cluster.sh env)"

log "the e2e part and the cluster tests against the cluster (Temporal $TEMPORAL_ADDRESS, database $TEST_DATABASE_URL)"
KAFLOW_FAULTS=0 KAFLOW_TEST_NO_BROWSER=1 KAFLOW_TEST_SKIP_TYPECHECK=1 KAFLOW_TEST_WORKERS=1 \
  bash scripts/test.sh "${E2E_PART[@]}" --selectProjects e2e cluster

if [ "${COST:-0}" = 1 ]; then
  log "cost per prospect-month and dealer-month, on the cluster (npm run bench:cost)"
  node -r @swc-node/register scripts/bench/cost.ts
fi

#!/usr/bin/env bash
# `npm run bench [-- a b c e]`: brings up a Temporal dev server of its own on a fresh database file
# (on TEMPORAL_PORT, default 7233; one that already answers there is reused and the bench's
# workflows are terminated afterwards instead), then runs scripts/bench/bench.ts with the arguments.
# Its SQLite file is in WAL mode with synchronous=NORMAL (BENCH_TEMPORAL_PRAGMAS; empty for the dev
# server's defaults): a killed process loses nothing, and on this machine it starts workflows twice as
# fast (2,000 follow-up workflows, 2 December: 58 → 122 starts/s, first due dates 15 → 27/s), which is what lets
# 100,000 follow-up workflows a side run in one sitting. Both sides run on it, so the ratios compare like with like.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
. "$ROOT/scripts/temporal.sh"
cd "$ROOT"
install_cleanup_trap
if port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
  log "reusing the Temporal server on $TEMPORAL_HOST:$TEMPORAL_PORT"
  export BENCH_OWN_TEMPORAL=0
else
  # one name per port: a second run on another port must not take this one's SQLite file or pid file
  _tname=temporal-bench; [ "$TEMPORAL_PORT" = 7233 ] || _tname="temporal-bench-$TEMPORAL_PORT"
  _pragmas="${BENCH_TEMPORAL_PRAGMAS-journal_mode=wal synchronous=normal}"
  export TEMPORAL_SQLITE_PRAGMAS="$_pragmas"
  export BENCH_TEMPORAL_PRAGMAS="$_pragmas"
  temporal_start --name "$_tname" --db "$RUN_DIR/$_tname.db" --fresh
  export BENCH_OWN_TEMPORAL=1
fi
export TEMPORAL_ADDRESS="$TEMPORAL_HOST:$TEMPORAL_PORT"
node --expose-gc -r @swc-node/register scripts/bench/bench.ts "$@"

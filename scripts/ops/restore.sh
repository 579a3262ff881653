#!/usr/bin/env bash
# `npm run restore -- FILE [DATABASE_URL]`: restores a dump written by `npm run backup` into an EMPTY
# database (created when missing; a database that already has tables is refused, so a restore never
# mixes with live data). Target: the second argument, else DATABASE_URL.
# Stop the API and the worker first, restore, then start them again: the worker re-arms what it needs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FILE="${1:?usage: npm run restore -- FILE [DATABASE_URL]}"
URL="${2:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kaflow}}"
. "$ROOT/scripts/ops/pg-tools.sh"
[ -f "$FILE" ] || { echo "restore: no such file: $FILE" >&2; exit 1; }
need_pg_tool pg_restore
need_pg_tool psql
check_tool_version pg_restore "$URL" 2>/dev/null || true
node -r @swc-node/register "$ROOT/scripts/ensure-database.ts" "$URL" >/dev/null
tables="$(psql "$URL" -tAc "select count(*) from pg_tables where schemaname not in ('pg_catalog','information_schema')")"
if [ "$tables" != 0 ]; then
  echo "restore: $(db_name "$URL") is not empty ($tables tables); restore into a new database or drop this one first" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$URL" "$FILE"
echo "restored $FILE into $(db_name "$URL")" >&2

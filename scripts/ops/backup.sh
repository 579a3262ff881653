#!/usr/bin/env bash
# `npm run backup [-- DIR]`: a consistent dump of the product's PostgreSQL database (pg_dump, custom
# format: one snapshot, compressed, restorable table by table) named kaflow-<db>-<UTC date-time>.dump
# in DIR (default backups/, git-ignored). Prints the file's path on the last line.
# The database is DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kaflow).
# The Temporal server's own state is not in this dump: see docs/operations.md, "Backups and restore".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kaflow}"
DIR="${1:-$ROOT/backups}"
. "$ROOT/scripts/ops/pg-tools.sh"
need_pg_tool pg_dump
check_tool_version pg_dump "$URL"
mkdir -p "$DIR"
db="$(db_name "$URL")"
file="$DIR/kaflow-$db-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" --dbname="$URL"
mv "$file.partial" "$file"
echo "backup of $db written: $(du -h "$file" | cut -f1)" >&2
echo "$file"

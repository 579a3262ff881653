# shellcheck shell=bash
# Helpers for backup.sh / restore.sh: the PostgreSQL client tools, installed when missing.
db_name() { local u="${1%%\?*}"; echo "${u##*/}"; }
need_pg_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing postgresql-client for $1" >&2
    { apt-get install -y -qq postgresql-client >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq postgresql-client; }; } >&2
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "$1 is not installed: install the PostgreSQL client tools (postgresql-client)" >&2; exit 1; }
}
# pg_dump refuses a server newer than itself: say so with the fix instead of its own message.
check_tool_version() {
  local tool="$1" url="$2" client server
  client="$("$tool" --version | grep -oE '[0-9]+' | head -n1)"
  server="$(psql "$url" -tAc 'show server_version_num' 2>/dev/null | cut -c1-2)"
  if [ -n "$server" ] && [ "$server" -gt "$client" ]; then
    echo "$tool is version $client but the server is version $server: install the client tools of version $server or newer" >&2
    return 1
  fi
}

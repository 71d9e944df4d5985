#!/usr/bin/env bash
# One PostgreSQL 15 server for a whole ctest run (the "postgres" fixture): tests make a database
# each on it instead of an initdb per test class.
#   postgres_fixture.sh start STATE   initdb in a new temporary directory, start on a free
#                                     loopback port, write the URL and directories to STATE
#   postgres_fixture.sh stop STATE    stop exactly that server and remove its directory
# As root the server runs as the postgres user (initdb refuses root); otherwise as the caller.
set -euo pipefail
cmd=${1:?start or stop}
state=${2:?state file}
bin=/usr/lib/postgresql/15/bin
as_pg=()
[[ $(id -u) -eq 0 ]] && as_pg=(runuser -u postgres --)

case $cmd in
start)
  [[ -x $bin/initdb ]] || { echo "PostgreSQL 15 is not installed (scripts/install-deps)" >&2; exit 1; }
  if [[ -s $state ]]; then "$0" stop "$state" || true; fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/moddesk-test-pg.XXXXXX")
  chmod 777 "$dir"
  "${as_pg[@]}" "$bin/initdb" -D "$dir/pg" -A trust -U postgres >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # A port free a moment ago may be taken by the time the server binds it: try another.
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w -t 120 \
         -o "-p $port -k $dir -h 127.0.0.1 -c fsync=on -c max_connections=300" start >/dev/null; then
      printf 'url=postgresql://postgres@127.0.0.1:%s/postgres\nport=%s\ndir=%s\n' "$port" "$port" "$dir" >"$state"
      echo "PostgreSQL for this test run on 127.0.0.1:$port ($dir)"
      exit 0
    fi
    grep -q "already in use" "$dir/pg.log" || { cat "$dir/pg.log" >&2; exit 1; }
  done
  echo "no free port for PostgreSQL in 10 tries" >&2
  exit 1
  ;;
stop)
  [[ -s $state ]] || exit 0
  dir=$(sed -n 's/^dir=//p' "$state")
  if [[ -n $dir && -d $dir/pg ]]; then
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
  fi
  rm -f "$state"
  ;;
*)
  echo "usage: $0 start|stop STATE" >&2
  exit 2
  ;;
esac

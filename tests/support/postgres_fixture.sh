#!/usr/bin/env bash
# One PostgreSQL 15 server for a whole ctest run (the "postgres" fixture): tests make a database
# each on it instead of an initdb per test class.
#   postgres_fixture.sh start STATE   initdb in a new private directory, start on a free
#                                     loopback port, write the URL and directories to STATE
#   postgres_fixture.sh stop STATE    stop exactly that server and remove its directory
#   postgres_fixture.sh kill STATE    stop it as a crash would (-m immediate), keeping it
#   postgres_fixture.sh resume STATE  start it again after kill, on the same port
# As root the server runs as the postgres user (initdb refuses root); otherwise as the caller.
# Over TCP it asks for a password made for this run (SCRAM), written only to STATE (mode 0600;
# tests pass it on in PGPASSWORD): another user of the machine cannot log in, even on loopback.
set -euo pipefail
cmd=${1:?start or stop}
state=${2:?state file}
bin=/usr/lib/postgresql/15/bin
as_pg=()
[[ $(id -u) -eq 0 ]] && as_pg=(runuser -u postgres --)

case $cmd in
start)
  if [[ ! -x $bin/initdb ]]; then
    echo "PostgreSQL 15 is not installed (scripts/install-deps)" >&2
    exit 1
  fi
  if [[ -s $state ]]; then "$0" stop "$state" || true; fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/moddesk-test-pg.XXXXXX") # mode 0700
  [[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$dir"
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077; printf '%s\n' "$password" > "$dir/password")
  [[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$dir/password"
  "${as_pg[@]}" "$bin/initdb" -D "$dir/pg" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --pwfile="$dir/password" >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # A port that looks free may be taken by the time the server binds it: then another is tried.
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    log="$dir/pg-$attempt.log"
    options="-p $port -k $dir -h 127.0.0.1 -c fsync=on -c max_connections=300"
    if "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/pg" -l "$log" -w -t 120 -o "$options" \
         start >/dev/null; then
      (umask 077
       printf 'url=postgresql://postgres@127.0.0.1:%s/postgres\nport=%s\npassword=%s\n' \
         "$port" "$port" "$password"
       printf 'dir=%s\n' "$dir") >"$state"
      echo "PostgreSQL for this test run on 127.0.0.1:$port ($dir)"
      exit 0
    fi
    grep -q "already in use" "$log" || { cat "$log" >&2; exit 1; }
  done
  echo "no free port for PostgreSQL in 10 tries" >&2
  exit 1
  ;;
kill)
  # As a crash would: no shutdown checkpoint, clients cut off (a test's database outage).
  dir=$(sed -n 's/^dir=//p' "$state")
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/pg" -m immediate -w stop >/dev/null
  ;;
resume)
  # After kill: the same server on the same port again.
  dir=$(sed -n 's/^dir=//p' "$state")
  port=$(sed -n 's/^port=//p' "$state")
  options="-p $port -k $dir -h 127.0.0.1 -c fsync=on -c max_connections=300"
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/pg" -l "$dir/pg-resumed.log" -w -t 120 -o "$options" \
    start >/dev/null || { cat "$dir/pg-resumed.log" >&2; exit 1; }
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
  echo "usage: $0 start|stop|kill|resume STATE" >&2
  exit 2
  ;;
esac

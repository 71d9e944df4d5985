#!/usr/bin/env bash
# with_xvfb.sh COMMAND [ARGS...]: runs COMMAND on an X server of its own (Xvfb, 1600x1000x24)
# and stops the server after it; the command's exit status is this script's.
# Unlike `xvfb-run -a`, two of these started at once never pick the same display: a display
# is taken by Xvfb binding it, and when another server has it this one tries the next. Only
# this run's cookie opens it (MIT-MAGIC-COOKIE, in a private file), and only on a local socket.
set -euo pipefail
dir=$(mktemp -d "${TMPDIR:-/tmp}/moddesk-xvfb.XXXXXX")
xvfb=
cleanup() {
  if [[ -n $xvfb ]]; then kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
export XAUTHORITY=$dir/Xauthority
cookie=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
for attempt in $(seq 1 20); do
  display=$((100 + RANDOM % 30000))
  : >"$XAUTHORITY"
  xauth -q -f "$XAUTHORITY" add ":$display" . "$cookie"
  rm -f "$dir/ready"
  mkfifo "$dir/ready"
  # -displayfd: Xvfb writes the display's number once it accepts clients.
  Xvfb ":$display" -auth "$XAUTHORITY" -nolisten tcp -screen 0 1600x1000x24 -displayfd 3 \
    3>"$dir/ready" >"$dir/xvfb-$attempt.log" 2>&1 &
  xvfb=$!
  if read -r shown <"$dir/ready" && [[ $shown == "$display" ]]; then
    export DISPLAY=:$display
    set +e
    "$@"
    status=$?
    exit $status
  fi
  wait "$xvfb" 2>/dev/null || true
  xvfb=
  grep -q "already active\|Cannot establish" "$dir/xvfb-$attempt.log" ||
    { cat "$dir/xvfb-$attempt.log" >&2; exit 1; }
done
echo "with_xvfb.sh: no free X display in 20 tries" >&2
exit 1

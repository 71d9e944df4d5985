#!/usr/bin/env bash
# docs/deploy/nginx.conf as it stands, in front of the real moddesk-server: a workstation's
# request over HTTPS and HTTP/2 reaches the server and comes back; a body over 16 MiB is
# refused by nginx; the server's own answers (401, 404) pass through unchanged.
#   nginx_proxy_test.sh MODDESK_SERVER NGINX_CONF
set -euo pipefail
server_bin=$1
example=$2
command -v nginx >/dev/null || { echo "FAIL: nginx is not installed (scripts/install-deps)"; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/moddesk-nginx.XXXXXX")
server_pid=
nginx_pid=
cleanup() {
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null || true
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; cat "$dir"/*.log 2>/dev/null | tail -20; exit 1; }
# Waits for a condition (a command), a minute at most: never a fixed sleep.
wait_for() { for _ in $(seq 600); do "$@" && return 0; sleep 0.1; done; return 1; }

db="sqlite:$dir/server.db"
"$server_bin" migrate --db "$db" >/dev/null
token=$("$server_bin" user add moderator --role moderator --db "$db" | tail -n 1)
"$server_bin" serve --db "$db" --listen 127.0.0.1:0 >"$dir/server.out" 2>"$dir/server.log" &
server_pid=$!
wait_for grep -q "^listening on" "$dir/server.out" || fail "the server did not start"
server_port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$dir/server.out")

# As root nginx's workers run as nobody: they may pass through $dir and write their own
# temporary directories, nothing else (the key stays 0600, root's).
if [[ $(id -u) -eq 0 ]]; then
  chmod 711 "$dir"
  for d in body proxy fastcgi uwsgi scgi; do mkdir "$dir/$d" && chown nobody "$dir/$d"; done
fi
(umask 077; openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" \
  -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null)

# The example, with this run's name, certificate and ports; nginx's own files in $dir.
started=
for attempt in $(seq 10); do
  port=$((20000 + RANDOM % 40000))
  sed -e "s|127.0.0.1:8080|127.0.0.1:$server_port|" -e "s|listen 443|listen 127.0.0.1:$port|" \
      -e "s|moddesk.example.org|127.0.0.1|" -e "s|/etc/ssl/moddesk/fullchain.pem|$dir/cert.pem|" \
      -e "s|/etc/ssl/moddesk/privkey.pem|$dir/key.pem|" "$example" >"$dir/moddesk.conf"
  user=""; [[ $(id -u) -eq 0 ]] && user="user nobody nogroup;"
  cat >"$dir/nginx.conf" <<EOT
$user
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-$attempt.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  include $dir/moddesk.conf;
}
EOT
  nginx -p "$dir" -c "$dir/nginx.conf" 2>>"$dir/nginx-$attempt.log" &
  nginx_pid=$!
  if wait_for bash -c "(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null || ! kill -0 $nginx_pid"; then
    if kill -0 "$nginx_pid" 2>/dev/null; then started=1; break; fi
  fi
  grep -q "Address already in use" "$dir/nginx-$attempt.log" || fail "nginx did not start"
  nginx_pid=
done
[[ -n $started ]] || fail "no free port for nginx in 10 tries"

base=https://127.0.0.1:$port
curl_() { curl -s --cacert "$dir/cert.pem" --max-time 60 "$@"; }

answer=$(curl_ --http2 -H "Authorization: Bearer $token" -w '\n%{http_code} %{http_version}' \
  "$base/v1/me")
[[ $(tail -n 1 <<<"$answer") == "200 2" ]] || fail "GET /v1/me over HTTP/2: $answer"
grep -q '"name":"moderator"' <<<"$answer" || fail "GET /v1/me answered: $answer"

[[ $(curl_ --http2 -o /dev/null -w '%{http_code}' "$base/v1/me") == 401 ]] ||
  fail "no token: the server's 401 did not come through"
[[ $(curl_ --http2 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  "$base/v1/nothing") == 404 ]] || fail "an unknown path: the server's 404 did not come through"
[[ $(curl_ --http2 -o /dev/null -w '%{http_code}' "$base/elsewhere") == 404 ]] ||
  fail "a path outside /v1/ was not refused"

head -c $((17 * 1024 * 1024)) /dev/zero >"$dir/big.bin"
[[ $(curl_ --http2 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H "Content-Type: application/json" --data-binary @"$dir/big.bin" "$base/v1/decisions") == 413 ]] ||
  fail "a 17 MiB body was not refused with 413"

# A lease through the proxy (a POST with a body), then the server still answers.
lease=$(curl_ --http2 -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  -d '{"max_items": 1}' -w '\n%{http_code}' "$base/v1/queues/default/leases")
[[ $(tail -n 1 <<<"$lease") == 200 ]] || fail "a lease through the proxy: $lease"
kill -0 "$server_pid" || fail "the server died"
echo "PASS: docs/deploy/nginx.conf in front of moddesk-server (HTTP/2, TLS, 401/404/413, lease)"

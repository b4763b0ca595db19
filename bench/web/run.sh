#!/bin/sh
# bench/web/run.sh - peel serve against nginx serving the same bytes as static
# files, side by side in one run: wrk on loopback, 64 connections, for a list
# page, a record page and an API list.  Run by hand (it takes about a minute
# per 10 seconds of DURATION x 6); needs wrk and nginx (apt-get install wrk
# nginx-light).  Usage: bench/web/run.sh [DURATION]   (default 10s)
set -eu
DUR=${1:-10s}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$ROOT/build-bench
W=$(mktemp -d /tmp/peel-bench.XXXXXX)
trap 'kill ${PEEL_PID:-} ${NGINX_PID:-} 2>/dev/null || true; rm -rf "$W"' EXIT
PW="bench password 12345"

cmake -S "$ROOT" -B "$B" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Release -DPEEL_TESTS=OFF >/dev/null
cmake --build "$B" -j2 >/dev/null
P="$B/peel --db $W/peel.db --quiet"
$P init
$P demo >/dev/null
printf '%s\n' "$PW" | $P user add bench --role staff
TOKEN=$($P token add bench 2>/dev/null)

$B/peel --db "$W/peel.db" serve --listen 127.0.0.1:0 --threads 2 >"$W/serve.out" 2>/dev/null &
PEEL_PID=$!
sleep 1
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$W/serve.out")
BASE=http://127.0.0.1:$PORT

# A staff session (nothing is published yet, so the list pages need one).
curl -s -c "$W/jar" "$BASE/signin" >"$W/signin.html"
CSRF=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$W/signin.html" | head -1)
curl -s -b "$W/jar" -c "$W/jar" -o /dev/null --data-urlencode "csrf=$CSRF" \
     --data-urlencode "name=bench" --data-urlencode "password=$PW" "$BASE/signin"
SESSION=$(awk '$6 == "peel_session" {print $7}' "$W/jar")

LIST=/records/area
RECORD=/records/area/1
API="/api/v1/area?_per=50"

# nginx serves the very bytes peel answered, as static files.
mkdir -p "$W/www"
chmod 755 "$W" "$W/www"
curl -s -H "Cookie: peel_session=$SESSION" "$BASE$LIST" >"$W/www/list.html"
curl -s -H "Cookie: peel_session=$SESSION" "$BASE$RECORD" >"$W/www/record.html"
curl -s -H "Authorization: Bearer $TOKEN" "$BASE$API" >"$W/www/api.json"
NPORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
cat >"$W/nginx.conf" <<NGINX
worker_processes 2;
pid $W/nginx.pid;
error_log $W/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; application/json json; }
  server { listen 127.0.0.1:$NPORT; root $W/www; }
}
NGINX
nginx -c "$W/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
sleep 1

run() { # name url header...
    name=$1; url=$2; shift 2
    out=$(wrk -t2 -c64 -d"$DUR" --latency "$@" "$url")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    printf '%-22s %12s %10s %s\n' "$name" "$rps" "$p99" "${non2xx:+non-2xx: $non2xx}"
}
printf '%-22s %12s %10s\n' "target" "requests/s" "p99"
run "peel list page" "$BASE$LIST" -H "Cookie: peel_session=$SESSION"
run "nginx list page" "http://127.0.0.1:$NPORT/list.html"
run "peel record page" "$BASE$RECORD" -H "Cookie: peel_session=$SESSION"
run "nginx record page" "http://127.0.0.1:$NPORT/record.html"
run "peel API list" "$BASE$API" -H "Authorization: Bearer $TOKEN"
run "nginx API list" "http://127.0.0.1:$NPORT/api.json"
printf '\nbytes: list %s, record %s, api %s\n' "$(wc -c <"$W/www/list.html")" \
       "$(wc -c <"$W/www/record.html")" "$(wc -c <"$W/www/api.json")"

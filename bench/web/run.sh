#!/bin/sh
# bench/web/run.sh - peel serve against nginx serving the same bytes as static
# files, side by side in one run: wrk on loopback, 64 connections, for a list
# page, a record page and an API list.  Run by hand; needs wrk and nginx
# (apt-get install -y wrk nginx-light).
#
# Usage: bench/web/run.sh [DURATION] [ROUNDS]     (default 10s, 1 round)
# Environment:
#   PEEL_BIN=path      a peel binary to measure instead of building one
#                      (Release, clang) in build-bench/
#   PEEL_BASE=path     a second binary (e.g. last commit's) measured in the
#                      same run, with its own database, as "base"
#   PEEL_ENV="K=V ..." environment for the measured server(s), e.g.
#                      PEEL_STMT_CACHE=0 turns the statement cache off
# Each round runs every target in turn (nginx, peel, base); the last lines
# are the medians over the rounds.  Pages are read as the public (no sign-in)
# when the public may see them, otherwise with a staff session cookie and an
# API bearer token; the first column says which.
set -eu
DUR=${1:-10s}
ROUNDS=${2:-1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d /tmp/peel-bench.XXXXXX)
PIDS=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null || true; done; rm -rf "$W"' EXIT
PW="bench password 12345"

if [ -z "${PEEL_BIN:-}" ]; then
    B=$ROOT/build-bench
    cmake -S "$ROOT" -B "$B" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Release \
          -DPEEL_TESTS=OFF >/dev/null
    cmake --build "$B" -j2 >/dev/null
    PEEL_BIN=$B/peel
fi

LIST=/records/area
RECORD=/records/area/1
API="/api/v1/area?_per=50"

# start NAME BINARY: a database, an account, a server; sets BASE_NAME,
# AUTH_NAME (cookie header or empty), TOKEN_NAME.
start() {
    name=$1; bin=$2; d=$W/$name
    mkdir -p "$d"
    P="$bin --db $d/peel.db --quiet"
    $P init
    $P demo >/dev/null
    printf '%s\n' "$PW" | $P user add bench --role staff
    token=$($P token add bench 2>/dev/null)
    env ${PEEL_ENV:-} "$bin" --db "$d/peel.db" serve --listen 127.0.0.1:0 --threads 2 \
        >"$d/serve.out" 2>/dev/null &
    PIDS="$PIDS $!"
    sleep 1
    port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$d/serve.out")
    base=http://127.0.0.1:$port
    list_code=$(curl -s -o /dev/null -w '%{http_code}' "$base$LIST")
    rec_code=$(curl -s -o /dev/null -w '%{http_code}' "$base$RECORD")
    if [ "$list_code" = 200 ] && [ "$rec_code" = 200 ]; then
        eval "AUTH_$name=''; TOKEN_$name=''; MODE_$name=public"
    else
        # A staff session: nothing the benchmark reads is published.
        curl -s -c "$d/jar" "$base/signin" >"$d/signin.html"
        csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$d/signin.html" | head -1)
        curl -s -b "$d/jar" -c "$d/jar" -o /dev/null --data-urlencode "csrf=$csrf" \
             --data-urlencode "name=bench" --data-urlencode "password=$PW" "$base/signin"
        session=$(awk '$6 == "peel_session" {print $7}' "$d/jar")
        eval "AUTH_$name='Cookie: peel_session=$session'; TOKEN_$name='Authorization: Bearer $token'; MODE_$name=staff"
    fi
    eval "BASE_$name=$base"
}

start peel "$PEEL_BIN"
[ -n "${PEEL_BASE:-}" ] && start base "$PEEL_BASE"

# fetch NAME PATH KIND: one response body, with the credentials the run uses.
fetch() {
    eval "base=\$BASE_$1; auth=\$AUTH_$1; token=\$TOKEN_$1"
    h=$auth; [ "$3" = api ] && h=$token
    if [ -n "$h" ]; then curl -s -H "$h" "$base$2"; else curl -s "$base$2"; fi
}

# nginx serves the very bytes peel answered, as static files.
mkdir -p "$W/www"
chmod 755 "$W" "$W/www"
fetch peel "$LIST" page >"$W/www/list.html"
fetch peel "$RECORD" page >"$W/www/record.html"
fetch peel "$API" api >"$W/www/api.json"
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
PIDS="$PIDS $!"
sleep 1

# run LABEL URL [HEADER]: one wrk run; prints a line and keeps it for the medians.
run() {
    label=$1; url=$2; hdr=${3:-}
    if [ -n "$hdr" ]; then
        out=$(wrk -t2 -c64 -d"$DUR" --latency -H "$hdr" "$url")
    else
        out=$(wrk -t2 -c64 -d"$DUR" --latency "$url")
    fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    printf '%-26s %12s %10s %s\n' "$label" "$rps" "$p99" "${non2xx:+non-2xx: $non2xx}"
    printf '%s\t%s\t%s\n' "$label" "$rps" "$p99" >>"$W/results"
}

# target KIND PATH NGINX_FILE: nginx, then each peel, one after the other.
target() {
    kind=$1; path=$2; file=$3
    run "nginx $kind" "http://127.0.0.1:$NPORT/$file"
    for name in peel ${PEEL_BASE:+base}; do
        eval "base=\$BASE_$name; auth=\$AUTH_$name; token=\$TOKEN_$name; mode=\$MODE_$name"
        h=$auth; [ "$kind" = api ] && h=$token
        run "$name $kind ($mode)" "$base$path" "$h"
    done
}

printf '%-26s %12s %10s\n' "target" "requests/s" "p99"
i=1
while [ "$i" -le "$ROUNDS" ]; do
    [ "$ROUNDS" -gt 1 ] && echo "-- round $i"
    target list "$LIST" list.html
    target record "$RECORD" record.html
    target api "$API" api.json
    i=$((i + 1))
done
if [ "$ROUNDS" -gt 1 ]; then
    echo "-- medians over $ROUNDS rounds (p99 in ms)"
    python3 - "$W/results" <<'PY'
import statistics, sys
rows = {}
def ms(t):
    for unit, k in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if t.endswith(unit):
            return float(t[:-len(unit)]) * k
    return float(t)
for line in open(sys.argv[1]):
    label, rps, p99 = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append((float(rps), ms(p99)))
for label, v in rows.items():
    print("%-26s %12.0f %10.2f" % (label, statistics.median(r for r, _ in v),
                                    statistics.median(p for _, p in v)))
PY
fi
printf '\nbytes: list %s, record %s, api %s\n' "$(wc -c <"$W/www/list.html")" \
       "$(wc -c <"$W/www/record.html")" "$(wc -c <"$W/www/api.json")"
